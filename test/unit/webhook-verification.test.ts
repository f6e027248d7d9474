import { createHmac } from 'node:crypto';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import type { WebhookSettings } from '../../src/config/index.js';
import { parseBoundedJson } from '../../src/webhooks/bounded-json.js';
import { verifyDelivery, type Delivery } from '../../src/webhooks/verify-delivery.js';

const KEY = 'a-webhook-key-of-more-than-32-chars';
const NOW = Date.UTC(2026, 10, 22, 9, 30);
const OPTIONS = { replayWindowSeconds: 600, clockSkewSeconds: 30, now: () => NOW };
const BODY = Buffer.from('{"id":"evt_01","timestamp":1,"event":"engine.event"}');

const verify = (settings: Partial<WebhookSettings> & Pick<WebhookSettings, 'scheme'>, delivery: Partial<Delivery>) =>
  verifyDelivery({ secret: KEY, header: null, ...settings }, { headers: {}, body: BODY, pathSecret: null, ...delivery }, OPTIONS);

async function evolutionToken(claims: Record<string, unknown>, options: { key?: string; iat?: number; alg?: string } = {}) {
  const iat = options.iat ?? Math.floor(NOW / 1000);
  return new SignJWT({ app: 'evolution', action: 'webhook', ...claims })
    .setProtectedHeader({ alg: options.alg ?? 'HS256' })
    .setIssuedAt(iat)
    .setExpirationTime(iat + 600)
    .sign(new TextEncoder().encode(options.key ?? KEY));
}

describe('verifying a delivery the provider’s way', () => {
  it('WAHA: X-Webhook-Hmac is HMAC-SHA512 of the raw bytes, in either case of hex; anything else is refused', async () => {
    const hex = createHmac('sha512', KEY).update(BODY).digest('hex');
    expect(await verify({ scheme: 'waha-hmac' }, { headers: { 'x-webhook-hmac': hex, 'x-webhook-hmac-algorithm': 'sha512' } })).toEqual({
      ok: true,
      signedAt: null,
      bodySigned: true,
    });
    expect((await verify({ scheme: 'waha-hmac' }, { headers: { 'x-webhook-hmac': hex.toUpperCase() } })).ok).toBe(true);
    const refusals = await Promise.all([
      verify({ scheme: 'waha-hmac' }, {}),
      verify({ scheme: 'waha-hmac' }, { headers: { 'x-webhook-hmac': hex.slice(2) } }),
      verify({ scheme: 'waha-hmac' }, { headers: { 'x-webhook-hmac': `${hex.slice(0, -1)}${hex.endsWith('0') ? '1' : '0'}` } }),
      verify({ scheme: 'waha-hmac' }, { headers: { 'x-webhook-hmac': hex }, body: Buffer.from(`${BODY.toString()} `) }),
      verify({ scheme: 'waha-hmac' }, { headers: { 'x-webhook-hmac': hex, 'x-webhook-hmac-algorithm': 'sha256' } }),
      verify({ scheme: 'waha-hmac', secret: `${KEY}!` }, { headers: { 'x-webhook-hmac': hex } }),
    ]);
    expect(refusals.map((refusal) => (refusal.ok ? 'ok' : refusal.reason))).toEqual(Array(6).fill('unauthorized'));
  });

  it('Evolution: an HS256 JWT with its claims, no older than the replay window; its iat is when it was signed', async () => {
    const bearer = async (...args: Parameters<typeof evolutionToken>) => ({ authorization: `Bearer ${await evolutionToken(...args)}` });
    expect(await verify({ scheme: 'evolution-jwt' }, { headers: await bearer({}) })).toEqual({
      ok: true,
      signedAt: Math.floor(NOW / 1000) * 1000,
      bodySigned: false,
    });
    const outcome = async (headers: Record<string, string>) => {
      const result = await verify({ scheme: 'evolution-jwt' }, { headers });
      return result.ok ? 'ok' : result.reason;
    };
    expect(await outcome(await bearer({}, { iat: Math.floor(NOW / 1000) - 700 }))).toBe('stale');
    expect(await outcome(await bearer({}, { key: `${KEY}-other` }))).toBe('unauthorized');
    expect(await outcome(await bearer({ app: 'someone-else' }))).toBe('unauthorized');
    expect(await outcome(await bearer({ action: 'login' }))).toBe('unauthorized');
    expect(await outcome(await bearer({}, { alg: 'HS512' }))).toBe('unauthorized');
    expect(await outcome({ authorization: await evolutionToken({}) })).toBe('unauthorized');
    expect(await outcome({})).toBe('unauthorized');
    // An unsigned token (alg none) is never accepted.
    const [, payload] = (await evolutionToken({})).split('.');
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.`;
    expect(await outcome({ authorization: `Bearer ${none}` })).toBe('unauthorized');
  });

  it('a static header or path secret matches exactly', async () => {
    const header = { scheme: 'header-secret', header: 'x-webhook-secret' } as const;
    expect((await verify(header, { headers: { 'x-webhook-secret': KEY } })).ok).toBe(true);
    expect((await verify(header, { headers: { 'x-webhook-secret': `${KEY}x` } })).ok).toBe(false);
    expect((await verify(header, { headers: { 'x-other': KEY } })).ok).toBe(false);
    expect((await verify({ scheme: 'path-secret' }, { pathSecret: KEY })).ok).toBe(true);
    expect((await verify({ scheme: 'path-secret' }, { pathSecret: KEY.slice(1) })).ok).toBe(false);
    expect((await verify({ scheme: 'path-secret' }, { pathSecret: null })).ok).toBe(false);
  });
});

describe('parsing a body with a depth bound', () => {
  it('refuses 10,000-level-deep JSON in linear time, without recursion', () => {
    for (const deep of ['['.repeat(10_000) + ']'.repeat(10_000), '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000)]) {
      const started = performance.now();
      expect(parseBoundedJson(Buffer.from(deep), 64)).toEqual({ ok: false, reason: 'nested deeper than 64 levels' });
      expect(performance.now() - started).toBeLessThan(100);
    }
    // A million opening brackets: still one pass, refused at the 65th.
    expect(parseBoundedJson(Buffer.from('['.repeat(1_000_000)), 64).ok).toBe(false);
  });

  it('counts only brackets outside strings, escapes included', () => {
    const text = JSON.stringify({ text: '[[[[{{{{ \\" ]]]', nested: [[[1]]] });
    expect(parseBoundedJson(Buffer.from(text), 4)).toEqual({ ok: true, value: JSON.parse(text) });
    expect(parseBoundedJson(Buffer.from(text), 3).ok).toBe(false);
  });

  it('refuses what is not JSON, or not UTF-8', () => {
    expect(parseBoundedJson(Buffer.from('{"a":'), 64)).toEqual({ ok: false, reason: 'not JSON' });
    expect(parseBoundedJson(Buffer.from([0x7b, 0xff, 0x7d]), 64)).toEqual({ ok: false, reason: 'not UTF-8' });
    // `__proto__` is an own key like any other: it never reaches a prototype.
    const parsed = parseBoundedJson(Buffer.from('{"__proto__":{"polluted":true}}'), 64);
    expect(parsed.ok && Object.hasOwn(parsed.value as object, '__proto__')).toBe(true);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });
});
