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
 */
export function httpFailure(provider: string, response: ProviderResponse): AppError {
  const { status } = response;
  if (status === 401 || status === 403) {
    return new AppError('UPSTREAM_AUTH_FAILED', `${provider} refused our credentials (HTTP ${status})`);
  }
  if (status === 429) {
    const retryAfter = Number(response.headers['retry-after']);
    const hint = Number.isFinite(retryAfter) && retryAfter > 0 ? `; retry after ${retryAfter} s` : '';
    return new AppError('UPSTREAM_RATE_LIMITED', `${provider} is rate limiting this session${hint}`);
  }
  if (status === 408 || status === 504) {
    return new AppError('UPSTREAM_TIMEOUT', `${provider} timed out waiting for WhatsApp (HTTP ${status})`);
  }
  return new AppError('UPSTREAM_UNAVAILABLE', `${provider} failed to answer (HTTP ${status})`);
}

/**
 * When the provider says to try again, from `Retry-After` as delay-seconds or as an HTTP date
 * (RFC 9110 §10.2.3); null when it does not say or says something unreadable. A date in the past
 * means now.
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
  [/\brate-overlimit\b/i, (response) => rateLimited(retryAfter(response.headers))],
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
    return rateLimited(retryAfter(response.headers));
  }
  // Wasend's documented 422 "image URL invalid, inaccessible or wrong format"; GoWA's pre-check of
  // the uploaded part (`image_utils.go` ValidateGroupPhotoFormat).
  if (status === 422 || (status === 400 && text(body, 'code') === 'INVALID_IMAGE_FORMAT')) {
    return invalidImage();
  }
  return httpFailure(provider, response);
}
