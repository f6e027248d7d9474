import { createHmac } from 'node:crypto';
import { SignJWT } from 'jose';

/**
 * Webhook deliveries shaped and signed exactly as the providers send them
 * (provider-writes-and-events.md §1-§2): the bodies are what a test posts, byte for byte.
 */
export interface Delivery {
  readonly body: string;
  readonly headers: Record<string, string>;
}

let sequence = 0;

/** A WAHA event id as WAHA makes them (`evt_` + a ULID); unique per call. */
export function wahaEventId(): string {
  sequence += 1;
  return `evt_01JH${Date.now().toString(36).toUpperCase()}${String(sequence).padStart(8, '0')}`;
}

/** WAHA's envelope (`WAHAWebhook`, `webhooks.dto.ts` L129-169). */
export function wahaEnvelope(
  event: string,
  payload: unknown,
  options: { session?: string; id?: string; timestamp?: number; engine?: 'NOWEB' | 'GOWS' | 'WEBJS' } = {},
): Record<string, unknown> {
  return {
    id: options.id ?? wahaEventId(),
    timestamp: options.timestamp ?? Date.now(),
    session: options.session ?? 'default',
    metadata: {},
    engine: options.engine ?? 'NOWEB',
    me: { id: '14155550100@c.us', pushName: 'Support' },
    environment: { version: '2026.2.1', engine: options.engine ?? 'NOWEB', tier: 'CORE', browser: null },
    event,
    payload,
  };
}

/** NOWEB: Baileys' picture notification as `engine.event` → `contacts.update` (`messages-recv.ts` L1075-1100). */
export function wahaPictureNotification(id: string, imgUrl: 'changed' | 'removed', options: Parameters<typeof wahaEnvelope>[2] = {}) {
  return wahaEnvelope('engine.event', { event: 'contacts.update', data: [{ id, imgUrl }] }, options);
}

/** WAHA signs `JSON.stringify(body)` with HMAC-SHA512 and sends it hex in `X-Webhook-Hmac` (`WebhookSender.ts` L148-180). */
export function signedByWaha(body: unknown, key: string): Delivery {
  const timestamp = (body as { timestamp?: unknown } | null)?.timestamp;
  return signedTextByWaha(JSON.stringify(body), key, typeof timestamp === 'number' ? timestamp : undefined);
}

/** A body text of our own (hostile ones included), signed as WAHA signs what it posts. */
export function signedTextByWaha(text: string, key: string, timestamp?: number): Delivery {
  sequence += 1;
  return {
    body: text,
    headers: {
      'content-type': 'application/json',
      'x-webhook-request-id': `req-${sequence}`,
      ...(timestamp === undefined ? {} : { 'x-webhook-timestamp': String(timestamp) }),
      'x-webhook-hmac': createHmac('sha512', key).update(text).digest('hex'),
      'x-webhook-hmac-algorithm': 'sha512',
    },
  };
}

/** Evolution's `CONTACTS_UPDATE` (`webhook.controller.ts` L92-101; data from `contacts.update` L875-898). */
export function evolutionContactsUpdate(
  items:
    Array<{ remoteJid: string; profilePicUrl: string | null; pushName?: string }> | { remoteJid: string; profilePicUrl: string | null },
  options: { instance?: string } = {},
): Record<string, unknown> {
  const withInstance = (item: { remoteJid: string; profilePicUrl: string | null }) => ({
    ...item,
    instanceId: '8d8e7f5e-3c1f-4e0a-9d1a-2b6f1c0e9a11',
  });
  return {
    event: 'contacts.update',
    instance: options.instance ?? 'crm-main',
    data: Array.isArray(items) ? items.map(withInstance) : withInstance(items),
    destination: 'http://pictures/webhooks/evo',
    // Local time labelled UTC: Evolution's `date_time` is never trusted.
    date_time: new Date(Date.now() - 3 * 3_600_000).toISOString(),
    sender: '5511999990000@s.whatsapp.net',
    server_url: 'http://evolution:8080',
    apikey: null,
  };
}

/** Evolution with `jwt_key`: `Authorization: Bearer <HS256 {iat, exp: iat + 600, app, action}>` (L79-85, L285-300). */
export async function signedByEvolution(body: unknown, jwtKey: string, options: { iat?: number } = {}): Promise<Delivery> {
  const iat = options.iat ?? Math.floor(Date.now() / 1000);
  const token = await new SignJWT({ app: 'evolution', action: 'webhook' })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt(iat)
    .setExpirationTime(iat + 600)
    .sign(new TextEncoder().encode(jwtKey));
  return { body: JSON.stringify(body), headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` } };
}

/** Posts a delivery; the answer's status and JSON body. */
export async function postWebhook(url: string, delivery: Delivery): Promise<{ status: number; body: { outcome?: string } }> {
  const response = await fetch(url, { method: 'POST', headers: delivery.headers, body: delivery.body });
  return { status: response.status, body: (await response.json()) as { outcome?: string } };
}
