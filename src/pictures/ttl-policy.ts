import type { Picture } from './picture.js';

export interface TtlSettings {
  /** The longest any picture is fresh (CACHE_TTL_SECONDS). */
  maxTtlMs: number;
  /** How long NOT_SET / HIDDEN / NONE answers are fresh: they change when a person acts, and NONE may be a provider's transient failure. */
  negativeTtlMs: number;
  /** How long before its URL expires an AVAILABLE entry stops being fresh, so that clients get time to load the image. */
  expiryMarginMs: number;
  /** How long past its freshness an entry is kept to answer for a failing provider (CACHE_STALE_SECONDS). */
  staleMs: number;
}

/** When a cached picture stops being served as is, and when it leaves the cache. */
export interface CacheLifetime {
  /** Until then the entry answers reads without asking the provider. */
  readonly freshUntil: number;
  /** From `freshUntil` to then, the entry answers only when the provider fails (stale-if-error). */
  readonly keepUntil: number;
}

// A stale URL is worth serving only while a client still has time to load it.
const STALE_URL_MARGIN_MS = 60_000;
// A fresh entry in the last tenth of its life is refetched in the background while it keeps serving.
const REVALIDATE_FRACTION = 0.1;

/** The lifetime of a picture fetched at `now`; undefined: do not cache it at all. */
export function cacheLifetime(picture: Picture, now: number, settings: TtlSettings): CacheLifetime | undefined {
  const freshUntil = freshUntilOf(picture, now, settings);
  let keepUntil = freshUntil + settings.staleMs;
  if (picture.expiresAt !== null) {
    keepUntil = Math.min(keepUntil, Math.max(freshUntil, picture.expiresAt.getTime() - STALE_URL_MARGIN_MS));
  }
  return keepUntil > now ? { freshUntil, keepUntil } : undefined;
}

/**
 * Until when a picture fetched at `now` is fresh; what `cacheLifetime` says, without the rest of
 * the lifetime (a picture whose lifetime is `undefined` gets `now`: fresh for no time).
 */
export function freshUntilOf(picture: Picture, now: number, settings: TtlSettings): number {
  return now + freshMs(picture, now, settings);
}

/** Whether a fresh entry is near enough its end to be refetched before anybody finds it stale. */
export function nearEnd(fetchedAt: number, freshUntil: number, now: number): boolean {
  return now >= freshUntil - (freshUntil - fetchedAt) * REVALIDATE_FRACTION;
}

function freshMs(picture: Picture, now: number, settings: TtlSettings): number {
  if (picture.status !== 'AVAILABLE') {
    return Math.min(settings.negativeTtlMs, settings.maxTtlMs);
  }
  if (picture.expiresAt === null) {
    return settings.maxTtlMs;
  }
  const untilExpiry = picture.expiresAt.getTime() - now - settings.expiryMarginMs;
  return Math.max(0, Math.min(settings.maxTtlMs, untilExpiry));
}
