import { AppError } from '../errors.js';
import type { ProviderResponse } from './http.js';
import type { ProviderPicture } from './provider.js';

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
