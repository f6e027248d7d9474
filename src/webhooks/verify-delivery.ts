import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { errors, jwtVerify } from 'jose';
import type { WebhookSettings } from '../config/index.js';

/** What a delivery brings to be checked, before anything of its body is parsed. */
export interface Delivery {
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  /** The `{secret}` of `POST /webhooks/{session}/{secret}`, when the path has one. */
  readonly pathSecret: string | null;
}

export type Verification =
  | {
      readonly ok: true;
      /** When the provider signed it (ms), if the signature itself says so (Evolution's JWT `iat`). */
      readonly signedAt: number | null;
      /** Whether the body, its own `timestamp` and `id` included, is covered by the signature (WAHA's HMAC). */
      readonly bodySigned: boolean;
    }
  | { readonly ok: false; readonly reason: 'unauthorized' | 'stale'; readonly detail: string };

export interface VerifyOptions {
  /** How old a signature may be (WEBHOOK_REPLAY_WINDOW_SECONDS). */
  readonly replayWindowSeconds: number;
  /** Seconds of disagreement between the provider's clock and ours. */
  readonly clockSkewSeconds: number;
  readonly now: () => number;
}

const HMAC_HEX = /^[0-9a-f]{128}$/i;
const BEARER = /^Bearer[ \t]+([A-Za-z0-9._-]{1,8192})[ \t]*$/i;

/**
 * Checks that a delivery is the provider's, the provider's way, in constant time, over the bytes
 * as they arrived: nothing of an unverified body is ever parsed.
 */
export async function verifyDelivery(settings: WebhookSettings, delivery: Delivery, options: VerifyOptions): Promise<Verification> {
  switch (settings.scheme) {
    case 'waha-hmac':
      return verifyWahaHmac(settings.secret, delivery);
    case 'evolution-jwt':
      return verifyEvolutionJwt(settings.secret, delivery, options);
    case 'header-secret':
      return secretMatches(header(delivery.headers, settings.header ?? ''), settings.secret)
        ? { ok: true, signedAt: null, bodySigned: false }
        : refused('unauthorized', `missing or wrong ${settings.header} header`);
    case 'path-secret':
      return secretMatches(delivery.pathSecret, settings.secret)
        ? { ok: true, signedAt: null, bodySigned: false }
        : refused('unauthorized', 'missing or wrong path secret');
  }
}

/**
 * WAHA: `X-Webhook-Hmac` = hex HMAC-SHA512 of the exact body it posts, with the session's
 * `hmac.key`; `X-Webhook-Hmac-Algorithm: sha512` (`WebhookSender.ts` L148-180). The body's own
 * `timestamp` and `id` are what the signature covers; WAHA's `X-Webhook-Timestamp` header is not.
 */
function verifyWahaHmac(secret: string, delivery: Delivery): Verification {
  const algorithm = header(delivery.headers, 'x-webhook-hmac-algorithm');
  if (algorithm !== null && algorithm.toLowerCase() !== 'sha512') {
    return refused('unauthorized', 'unsupported X-Webhook-Hmac-Algorithm');
  }
  const given = header(delivery.headers, 'x-webhook-hmac');
  if (given === null || !HMAC_HEX.test(given)) {
    return refused('unauthorized', 'missing or malformed X-Webhook-Hmac');
  }
  const expected = createHmac('sha512', secret).update(delivery.body).digest();
  return timingSafeEqual(expected, Buffer.from(given, 'hex'))
    ? { ok: true, signedAt: null, bodySigned: true }
    : refused('unauthorized', 'X-Webhook-Hmac does not match the body');
}

/**
 * Evolution API: with `jwt_key` in the webhook's headers it sends `Authorization: Bearer <JWT>`,
 * HS256 with that key, claims `{iat, exp: iat + 600, app: "evolution", action: "webhook"}`
 * (`webhook.controller.ts` L79-85, L285-300). The JWT does not cover the body; its `iat` is the
 * only trustworthy time Evolution gives (its body `date_time` is local time labelled UTC).
 */
async function verifyEvolutionJwt(secret: string, delivery: Delivery, options: VerifyOptions): Promise<Verification> {
  const token = BEARER.exec(header(delivery.headers, 'authorization') ?? '')?.[1];
  if (token === undefined) {
    return refused('unauthorized', 'missing Authorization: Bearer token');
  }
  try {
    const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), {
      algorithms: ['HS256'],
      requiredClaims: ['iat', 'exp'],
      maxTokenAge: options.replayWindowSeconds,
      clockTolerance: options.clockSkewSeconds,
      currentDate: new Date(options.now()),
    });
    if (payload.app !== 'evolution' || payload.action !== 'webhook') {
      return refused('unauthorized', 'the token is not an Evolution API webhook token');
    }
    return { ok: true, signedAt: (payload.iat as number) * 1000, bodySigned: false };
  } catch (error) {
    if (error instanceof errors.JWTExpired) {
      return refused('stale', 'the token is older than the replay window or expired');
    }
    return refused('unauthorized', error instanceof errors.JOSEError ? error.code : 'invalid token');
  }
}

function header(headers: IncomingHttpHeaders, name: string): string | null {
  const value = headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? null : first.trim();
}

/** Compares digests, so neither the content nor the length of the secret leaks through timing. */
function secretMatches(given: string | null, secret: string): boolean {
  if (given === null) {
    return false;
  }
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(secret));
}

function refused(reason: 'unauthorized' | 'stale', detail: string): Verification {
  return { ok: false, reason, detail };
}
