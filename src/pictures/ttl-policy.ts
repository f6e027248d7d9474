import type { Picture } from './picture.js';

export interface TtlSettings {
  /** The longest any picture is cached (CACHE_TTL_SECONDS). */
  maxTtlMs: number;
  /** How long NOT_SET / HIDDEN / NONE answers are cached: they change when a person acts, and NONE may be a provider's transient failure. */
  negativeTtlMs: number;
  /** How long before its URL expires an AVAILABLE entry is dropped, so that clients get time to load the image. */
  expiryMarginMs: number;
}

/** How long a picture may be served from the cache; 0 means "do not cache it". */
export function cacheTtlMs(picture: Picture, now: number, settings: TtlSettings): number {
  if (picture.status !== 'AVAILABLE') {
    return Math.min(settings.negativeTtlMs, settings.maxTtlMs);
  }
  if (picture.expiresAt === null) {
    return settings.maxTtlMs;
  }
  const untilExpiry = picture.expiresAt.getTime() - now - settings.expiryMarginMs;
  return Math.max(0, Math.min(settings.maxTtlMs, untilExpiry));
}
