import { describe, expect, it } from 'vitest';
import { ResponseCachePolicy, varyHeaders } from '../../src/graphql/cache-control/response-cache-policy.js';
import { parseJid } from '../../src/pictures/jid.js';
import { FakeProvider } from '../support/fake-provider.js';

const NOW = Date.UTC(2026, 10, 22, 9, 30);
const QUERY = { query: true, errors: false };
const session = { name: 'default', identity: 'fake|http://fake|default', provider: new FakeProvider() };

describe('ResponseCachePolicy', () => {
  it('gives the shortest remaining freshness of the pictures served, in whole seconds, and never past a URL', () => {
    const policy = new ResponseCachePolicy();
    policy.served(NOW + 3_600_000, new Date(NOW + 7_200_000));
    policy.served(NOW + 900_500, null);
    expect(policy.header(QUERY, NOW)).toBe('private, max-age=900');
    // A URL that expires before its entry's freshness ends bounds the answer.
    policy.served(NOW + 86_400_000, new Date(NOW + 120_000));
    expect(policy.header(QUERY, NOW)).toBe('private, max-age=120');
    expect(policy.header(QUERY, NOW + 60_000)).toBe('private, max-age=60');
  });

  it('says max-age=0 for pictures past their freshness (a stale answer for a failing provider) and for answers without pictures', () => {
    const stale = new ResponseCachePolicy();
    stale.served(NOW - 1_000, null);
    expect(stale.header(QUERY, NOW)).toBe('private, max-age=0');
    expect(new ResponseCachePolicy().header(QUERY, NOW)).toBe('private, max-age=0');
  });

  it('is no-store for refresh, mutations and errors, and never public', () => {
    const headers: string[] = [];
    const refreshed = new ResponseCachePolicy();
    refreshed.served(NOW + 3_600_000, null);
    refreshed.askedRefresh();
    headers.push(refreshed.header(QUERY, NOW));
    const fresh = new ResponseCachePolicy();
    fresh.served(NOW + 3_600_000, null);
    headers.push(fresh.header({ query: false, errors: false }, NOW), fresh.header({ query: true, errors: true }, NOW));
    expect(headers).toEqual(['private, no-store', 'private, no-store', 'private, no-store']);
    expect(fresh.header(QUERY, NOW)).toBe('private, max-age=3600');
  });

  it("tags an entity by its key with its picture's and its account's router cache tags", () => {
    const policy = new ResponseCachePolicy();
    policy.tagEntity('1555000001@c.us', session, parseJid('1555000001@c.us'));
    policy.tagEntity('1555000001@s.whatsapp.net', session, parseJid('1555000001@s.whatsapp.net'));
    const [picture, account] = policy.tagsOf('1555000001@c.us');
    expect(picture).toMatch(/^wa-picture:[\w-]{16}:1555000001@s\.whatsapp\.net$/);
    expect(account).toMatch(/^wa-account:[\w-]{16}$/);
    // One JID in two spellings: one picture, one tag.
    expect(policy.tagsOf('1555000001@s.whatsapp.net')).toEqual([picture, account]);
    expect(policy.tagsOf('1555000002@c.us')).toEqual([]);
    // The account tag names the session's identity, hashed: never its base URL or account.
    expect(account).not.toContain('fake');
  });

  it("keeps one JID's tags per session: another session's answer for the same JID carries that session's account", () => {
    const jid = parseJid('1555000003@c.us');
    const other = { ...session, identity: 'fake|http://fake|other' };
    const first = new ResponseCachePolicy();
    first.tagEntity('1555000003@c.us', session, jid);
    const second = new ResponseCachePolicy();
    second.tagEntity('1555000003@c.us', other, jid);
    const third = new ResponseCachePolicy();
    third.tagEntity('1555000003@c.us', session, jid);
    const [, firstAccount] = first.tagsOf('1555000003@c.us');
    const [, secondAccount] = second.tagsOf('1555000003@c.us');
    expect(secondAccount).not.toBe(firstAccount);
    expect(third.tagsOf('1555000003@c.us')).toEqual(first.tagsOf('1555000003@c.us'));
    // Shared between answers, so nobody may change them.
    expect(Object.isFrozen(first.tagsOf('1555000003@c.us'))).toBe(true);
  });

  it('varies on the session and Authorization, and on the header a token comes in when AUTH_TOKEN_HEADER names another', () => {
    expect(varyHeaders(null)).toEqual(['x-wa-session', 'authorization']);
    expect(varyHeaders('Authorization')).toEqual(['x-wa-session', 'authorization']);
    expect(varyHeaders('X-Caller-Token')).toEqual(['x-wa-session', 'authorization', 'x-caller-token']);
  });
});
