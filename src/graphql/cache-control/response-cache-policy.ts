import type { Jid } from '../../pictures/jid.js';
import { entityCacheTags } from '../../router/cache-tags.js';
import type { Session } from '../../session.js';

const NO_TAGS: readonly string[] = Object.freeze([]);

/** What a response is about, besides the pictures it carries. */
export interface ResponseKind {
  /** The operation is a query (not a mutation or subscription, and it parsed). */
  readonly query: boolean;
  /** The response carries any error, or is not one complete JSON result. */
  readonly errors: boolean;
}

/** Never cached: the session is a header routers do not key on, so nothing is ever `public`. */
export const UNCACHEABLE = 'private, no-store';

/**
 * Request headers that change the answer, for HTTP caches that honour `Vary` (defence in depth):
 * the session, `Authorization`, and the header the caller's token comes in when AUTH_TOKEN_HEADER
 * names another one.
 */
export function varyHeaders(tokenHeader: string | null): readonly string[] {
  const names = ['x-wa-session', 'authorization'];
  if (tokenHeader !== null && !names.includes(tokenHeader.toLowerCase())) {
    names.push(tokenHeader.toLowerCase());
  }
  return names;
}

/**
 * How long the answer to one GraphQL request may be reused, worked out from the pictures the
 * request actually served (the loader reports each one) rather than from field hints, so it holds
 * whichever executor ran the operation. Routers keep one TTL per subgraph response, so the answer
 * gets the shortest remaining freshness of all its pictures, and never outlives a picture URL.
 */
export class ResponseCachePolicy {
  #freshUntil = Number.POSITIVE_INFINITY;
  #refresh = false;
  readonly #tags = new Map<string, readonly string[]>();

  /** A `refresh: true` read: its answer is meant to be new, so nobody may keep it. */
  askedRefresh(): void {
    this.#refresh = true;
  }

  /**
   * The request served a picture fresh until `freshUntil` (ms since the epoch) whose URL, if it
   * has one, stops working at `expiresAt`.
   */
  served(freshUntil: number, expiresAt: Date | null): void {
    this.#freshUntil = Math.min(this.#freshUntil, freshUntil, expiresAt?.getTime() ?? Number.POSITIVE_INFINITY);
  }

  /** The entity whose key is `id` carries the picture of `jid` on `session`: its router cache tags. */
  tagEntity(id: string, session: Session, jid: Jid): void {
    if (!this.#tags.has(id)) {
      this.#tags.set(id, entityCacheTags(session, jid));
    }
  }

  /** The `apolloEntityCacheTags` of an entity by its key; empty when it served no picture. */
  tagsOf(id: string): readonly string[] {
    return this.#tags.get(id) ?? NO_TAGS;
  }

  /** The `Cache-Control` value for the response, at `now`. */
  header(kind: ResponseKind, now: number): string {
    if (!kind.query || kind.errors || this.#refresh) {
      return UNCACHEABLE;
    }
    // A response that served no picture has nothing whose freshness is known: reusable for no time.
    const seconds = Number.isFinite(this.#freshUntil) ? Math.max(0, Math.floor((this.#freshUntil - now) / 1000)) : 0;
    return `private, max-age=${seconds}`;
  }
}
