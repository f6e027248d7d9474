import { describe, expect, it } from 'vitest';
import { AskRecorder } from '../../src/hosting/ask-recorder.js';
import { HostedLinks } from '../../src/hosting/hosted-links.js';
import type { PictureRecords } from '../../src/hosting/picture-records.js';
import type { StoreHealth } from '../../src/hosting/store-health.js';
import { UrlKeys } from '../../src/hosting/url-keys.js';
import { parseJid } from '../../src/pictures/jid.js';
import type { Picture } from '../../src/pictures/picture.js';
import { pictureId } from '../../src/pictures/picture-identity.js';
import { PictureView } from '../../src/pictures/picture-view.js';
import type { Session } from '../../src/session.js';
import { FakeProvider } from '../support/fake-provider.js';
import { capturingLogger } from '../support/silent-logger.js';

const SECRET = 'a-secret-for-the-tests-of-32-chars-or-more';
const BASE = 'https://pictures.example.com';
const jid = parseJid('4915550001234@c.us');

function session(name: string): Session {
  return { name, identity: `gowa|http://gowa.internal:3000|${name}`, provider: new FakeProvider() };
}

function picture(overrides: Partial<Picture> = {}): Picture {
  return {
    status: 'AVAILABLE',
    url: 'https://pps.whatsapp.net/v/t61.24694-24/s640x640/123_n.jpg?oe=6B000000',
    id: pictureId(jid, false, 'v1'),
    version: 'v1',
    preview: false,
    expiresAt: null,
    fetchedAt: new Date(0),
    ...overrides,
  };
}

function links(serving = true) {
  const written: Array<[string, string, string]> = [];
  const records = { write: async (...ask: [string, string, string]) => void written.push(ask) } as unknown as PictureRecords;
  const asks = new AskRecorder({ records, logger: capturingLogger(), now: () => 0, intervalMs: 60_000 });
  const health = { serving } as StoreHealth;
  const keys = new UrlKeys([SECRET]);
  return { links: new HostedLinks({ publicUrl: () => BASE, keys, hosting: { health, asks } }), asks, written, keys };
}

describe('hosted and display URLs', () => {
  it('are our URLs, naming neither the phone number nor the session, and note the ask in the background', async () => {
    const { links: hosted, asks, written } = links();
    const tenant = session('tenant-a');
    const url = hosted.hostedUrl(new PictureView(picture(), jid, tenant), 'full');
    expect(url).toMatch(/^https:\/\/pictures\.example\.com\/pictures\/[\w-]{22}\/[\w-]{22}\/full$/);
    expect(url).not.toContain('4915550001234');
    expect(url).not.toContain('tenant-a');
    expect(url).not.toContain('gowa');
    await asks.drain();
    expect(written).toEqual([[url?.split('/')[4], url?.split('/')[5], '4915550001234@s.whatsapp.net']]);
  });

  it('stay the same for a re-signed CDN URL, and change with the version', () => {
    const { links: hosted } = links();
    const tenant = session('a');
    const first = hosted.hostedUrl(new PictureView(picture(), jid, tenant), 'full');
    const resigned = hosted.hostedUrl(
      new PictureView(picture({ url: 'https://pps.whatsapp.net/v/x/123_n.jpg?oe=6C000000&oh=other' }), jid, tenant),
      'full',
    );
    const changed = hosted.hostedUrl(new PictureView(picture({ version: 'v2', id: pictureId(jid, false, 'v2') }), jid, tenant), 'full');
    expect(resigned).toBe(first);
    expect(changed).not.toBe(first);
  });

  it('point a preview picture at the full picture’s copy', () => {
    const { links: hosted } = links();
    const tenant = session('a');
    const full = hosted.hostedUrl(new PictureView(picture(), jid, tenant), 'small');
    const preview = hosted.hostedUrl(new PictureView(picture({ preview: true, id: pictureId(jid, true, 'v1') }), jid, tenant), 'small');
    expect(preview).toBe(full);
  });

  it('differ between sessions, and only a secret holder can derive them', () => {
    const { links: hosted, keys } = links();
    const a = hosted.hostedUrl(new PictureView(picture(), jid, session('a')), 'full');
    const b = hosted.hostedUrl(new PictureView(picture(), jid, session('b')), 'full');
    expect(a?.split('/')[4]).not.toBe(b?.split('/')[4]);
    expect(a?.split('/')[5]).toBe(b?.split('/')[5]);
    const other = new UrlKeys(['another-secret-that-is-also-long-enough']);
    expect(other.sessionKey(session('a'))).not.toBe(keys.sessionKey(session('a')));
  });

  it('recognise a previous secret’s keys during a rotation, but mint with the current one', () => {
    const tenant = session('a');
    const before = new UrlKeys(['the-old-secret-that-is-long-enough-too']);
    const rotated = new UrlKeys([SECRET, 'the-old-secret-that-is-long-enough-too']);
    rotated.register([tenant]);
    expect(rotated.sessionFor(before.sessionKey(tenant))).toBe(tenant);
    expect(rotated.sessionKey(tenant)).not.toBe(before.sessionKey(tenant));
    expect(rotated.sessionFor('A'.repeat(22))).toBeUndefined();
  });

  it('give no hosted URL unless AVAILABLE, nor while the store is away; displayUrl then falls back', () => {
    const tenant = session('a');
    const { links: up } = links();
    const { links: down } = links(false);
    const notSet = new PictureView(picture({ status: 'NOT_SET', url: null, id: null, version: null }), jid, tenant);
    expect(up.hostedUrl(notSet, 'full')).toBeNull();
    const available = new PictureView(picture(), jid, tenant);
    expect(down.hostedUrl(available, 'full')).toBeNull();
    expect(down.displayUrl(available, 'Maria Silva', 'full')).toBe(available.url);
    expect(up.displayUrl(available, null, 'small')).toBe(up.hostedUrl(available, 'small'));
  });

  it('draw an avatar for a chat without a picture: initials when given, an identicon otherwise', () => {
    const { links: hosted } = links();
    const hidden = new PictureView(picture({ status: 'HIDDEN', url: null, id: null, version: null }), jid, session('a'));
    const initials = hosted.displayUrl(hidden, 'maria da silva', 'small');
    expect(initials).toMatch(/^https:\/\/pictures\.example\.com\/pictures\/initials\/[\w-]{16}\/small\/MS\.svg$/);
    expect(initials).not.toContain('4915550001234');
    expect(hosted.displayUrl(hidden, '+49 1555 0001234', 'full')).toMatch(/\/pictures\/identicons\/[\w-]{16}\/full\.svg$/);
    expect(hosted.displayUrl(hidden, null, 'full')).toMatch(/\/pictures\/identicons\/[\w-]{16}\/full\.svg$/);
    // The colour and pattern follow the chat, whatever the session.
    const elsewhere = new PictureView(hidden.picture, jid, session('b'));
    expect(hosted.displayUrl(elsewhere, null, 'full')).toBe(hosted.displayUrl(hidden, null, 'full'));
  });
});
