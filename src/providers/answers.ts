import { AppError, type Refusal } from '../errors.js';
import type { ProviderResponse } from './http.js';
import type { ProviderPicture } from './provider.js';
import { groupNotFound, invalidImage, notGroupAdmin, rateLimited } from './refusals.js';

/** Reads a nested field of a JSON body that may have any shape; undefined when it is not there. */
export function field(body: unknown, ...path: string[]): unknown {
  let value = body;
  for (const key of path) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) {
      return undefined;
    }
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

export function text(body: unknown, ...path: string[]): string | undefined {
  const value = field(body, ...path);
  return typeof value === 'string' ? value : undefined;
}

/** A picture URL, or NONE when the provider answered without one and does not say why. */
export function pictureOrNone(url: unknown, id: string | null = null, preview = false): ProviderPicture {
  return typeof url === 'string' && /^https?:\/\//i.test(url)
    ? { status: 'AVAILABLE', url, id, preview }
    : { status: 'NONE', url: null, id: null, preview: false };
}

export const NOT_SET: ProviderPicture = { status: 'NOT_SET', url: null, id: null, preview: false };
export const HIDDEN: ProviderPicture = { status: 'HIDDEN', url: null, id: null, preview: false };
export const NONE: ProviderPicture = { status: 'NONE', url: null, id: null, preview: false };

/**
 * The failures every provider shares, by HTTP status. Adapters handle their own special answers
 * first and hand the rest here. The message names the provider and the status, never the body.
 *
 * What the gate needs rides along: `retryAt` when a 429 or a 503 says when to come back (the
 * session is paused until then), and `transient` for a 502, 503, 504 or 408 without `Retry-After`
 * (a failure of the moment that a read may ask once more). A 500 is not transient: it is usually
 * the same answer the next time.
 */
export function httpFailure(provider: string, response: ProviderResponse): AppError {
  const { status } = response;
  const asked = retryAfter(response.headers, response.receivedAt);
  const hint = asked === null ? '' : `; retry after ${asked.toISOString()}`;
  if (status === 401 || status === 403) {
    return new AppError('UPSTREAM_AUTH_FAILED', `${provider} refused our credentials (HTTP ${status})`);
  }
  if (status === 429) {
    return new AppError('UPSTREAM_RATE_LIMITED', `${provider} is rate limiting this session${hint}`, { retryAt: asked });
  }
  const transient = asked === null && TRANSIENT_STATUSES.has(status);
  if (status === 408 || status === 504) {
    return new AppError('UPSTREAM_TIMEOUT', `${provider} timed out waiting for WhatsApp (HTTP ${status})`, { transient });
  }
  return new AppError('UPSTREAM_UNAVAILABLE', `${provider} failed to answer (HTTP ${status})${status === 503 ? hint : ''}`, {
    retryAt: status === 503 ? asked : null,
    transient,
  });
}

const TRANSIENT_STATUSES = new Set([408, 502, 503, 504]);

/**
 * The cause of an UPSTREAM_UNAVAILABLE for a success status whose body is not the provider's
 * documented answer (an HTML error page behind a proxy, a changed API): such an answer is a
 * failure of the provider, counted by the breaker and never cached as "no picture".
 */
export class MalformedAnswer extends Error {
  constructor() {
    super('not the documented answer shape');
    this.name = 'MalformedAnswer';
  }
}

export function notAPictureAnswer(provider: string, status: number): AppError {
  return new AppError('UPSTREAM_UNAVAILABLE', `${provider} answered something that is not a picture answer (HTTP ${status})`, {
    cause: new MalformedAnswer(),
  });
}

/**
 * The picture a success answer carries at the first of `paths` that holds a URL or null, as
 * `pictureOrNone` reads it; an answer with none of them is not a picture answer.
 */
export function pictureAt(provider: string, response: ProviderResponse, ...paths: ReadonlyArray<readonly string[]>): ProviderPicture {
  for (const path of paths) {
    if (hasUrlField(response.body, ...path)) {
      return pictureOrNone(field(response.body, ...path));
    }
  }
  throw notAPictureAnswer(provider, response.status);
}

/** A JSON object (not an array, not text): the outer shape of every provider's picture answer. */
export function isObject(body: unknown): body is Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body);
}

/** Whether `path` names a field that holds a string or null: how providers say "this URL" or "none". */
export function hasUrlField(body: unknown, ...path: string[]): boolean {
  // `field` answers undefined for a missing field, so null here is a null that is really there.
  const value = field(body, ...path);
  return typeof value === 'string' || value === null;
}

/**
 * When the provider says to try again, from `Retry-After` as delay-seconds or as an HTTP date
 * (RFC 9110 §10.2.3); null when it does not say or says something unreadable. A date in the past
 * means now. `now` is when the answer arrived.
 */
export function retryAfter(headers: ProviderResponse['headers'], now = Date.now()): Date | null {
  const header = headers['retry-after'];
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  if (value === undefined || value === '') {
    return null;
  }
  if (/^\d{1,9}$/.test(value)) {
    return new Date(now + Number(value) * 1000);
  }
  const date = /[a-z]/i.test(value) ? Date.parse(value) : Number.NaN;
  return Number.isNaN(date) ? null : new Date(Math.max(date, now));
}

/** The error texts of a body in the envelopes our providers use; never the rest of it (WAHA echoes our request there). */
function errorTexts(body: unknown): string[] {
  if (typeof body === 'string') {
    return [body];
  }
  const found = [field(body, 'message'), field(body, 'error'), field(body, 'response', 'message'), field(body, 'exception', 'message')];
  return found.flat().filter((value): value is string => typeof value === 'string');
}

/**
 * WhatsApp's own IQ error texts (whatsmeow `errors.go` L186-200, Baileys `Boom(text)`), which GoWA
 * ("info query returned status 403: forbidden") and Evolution ("Error: not-authorized") pass on
 * in the message of an HTTP 500: the status alone says nothing there.
 */
const WHATSAPP_TEXTS: ReadonlyArray<readonly [RegExp, (response: ProviderResponse) => Refusal]> = [
  // 401 not-authorized / 403 forbidden: which one WhatsApp sends for a locked group is unverified.
  [/\b(?:not-authorized|forbidden)\b/i, notGroupAdmin],
  [/\bitem-not-found\b/i, groupNotFound],
  [/\brate-overlimit\b/i, (response) => rateLimited(retryAfter(response.headers, response.receivedAt))],
  // 406 not-acceptable, which whatsmeow words "the given data is not a valid image"; sharp's decode
  // failure inside Baileys' re-encoding (Evolution, WAHA NOWEB) before WhatsApp is even asked.
  [/\bnot-acceptable\b|not a valid image|unsupported image format/i, () => invalidImage()],
];

/**
 * Maps a failed write answer to a Refusal the caller can act on, or else to the AppError the read
 * side would raise (`httpFailure`: 401/403 UPSTREAM_AUTH_FAILED, timeouts, UPSTREAM_UNAVAILABLE).
 *
 * Adapters first handle what only their provider means (a Wasend 403 is "not admin", a WAHA 422 a
 * session problem, a WAHA 501 "not in Core") and hand the rest here.
 */
export function writeFailure(provider: string, response: ProviderResponse): Refusal | AppError {
  const { status, body } = response;
  if (status === 500) {
    for (const message of errorTexts(body)) {
      for (const [pattern, refusal] of WHATSAPP_TEXTS) {
        if (pattern.test(message)) {
          return refusal(response);
        }
      }
    }
  }
  if (status === 429) {
    return rateLimited(retryAfter(response.headers, response.receivedAt));
  }
  // Wasend's documented 422 "image URL invalid, inaccessible or wrong format"; GoWA's pre-check of
  // the uploaded part (`image_utils.go` ValidateGroupPhotoFormat).
  if (status === 422 || (status === 400 && text(body, 'code') === 'INVALID_IMAGE_FORMAT')) {
    return invalidImage();
  }
  return httpFailure(provider, response);
}
