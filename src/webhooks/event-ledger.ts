import { createHash, randomUUID } from 'node:crypto';
import type { Cache } from '../cache/cache.js';

/** Whether an event is new to every replica, and if so the claim to settle once it is handled. */
export type Entry =
  | { readonly kind: 'new'; readonly claim: Claim }
  | { readonly kind: 'duplicate' }
  /** Another delivery of it is being handled right now; the provider should try again later. */
  | { readonly kind: 'in_progress' };

export interface Claim {
  readonly key: string;
  readonly holder: string;
}

// Long enough for one delivery to be handled (a few cache round trips and a router POST); a
// replica that dies meanwhile lets the provider's retry through once this ends.
const HANDLING_MS = 30_000;
const DONE = 'done';

/**
 * Which events were already handled, across every replica sharing the cache: a delivery claims its
 * event id for the time it is handled, then marks it done for the replay window (older deliveries
 * are refused by their timestamp, so no longer memory is needed). Without a shared cache, or while
 * it fails, each replica remembers alone (the cache grants claims it cannot check): a duplicate is
 * then handled twice, which costs one more provider call and changes nothing.
 */
export class EventLedger {
  readonly #cache: Cache;
  readonly #windowMs: number;

  constructor(cache: Cache, windowMs: number) {
    this.#cache = cache;
    this.#windowMs = windowMs;
  }

  /** `scope` keeps sessions apart; `eventId` is the provider's id, or the hash of the body. */
  async enter(scope: string, eventId: string): Promise<Entry> {
    const key = `whk:v1:{${digest(scope)}}:${digest(eventId)}`;
    const holder = `handling:${randomUUID()}`;
    const claim = await this.#cache.claim(key, holder, HANDLING_MS);
    if (claim.claimed) {
      return { kind: 'new', claim: { key, holder } };
    }
    const [value] = await this.#cache.getMany([key]);
    return value === DONE ? { kind: 'duplicate' } : { kind: 'in_progress' };
  }

  /** The event was handled: later deliveries of it are duplicates for the replay window. */
  async done(claim: Claim): Promise<void> {
    await this.#cache.setMany([{ key: claim.key, value: DONE, ttlMs: this.#windowMs, guard: { key: claim.key, value: claim.holder } }]);
  }

  /** Handling failed: the provider's next delivery may try again at once. */
  async abandon(claim: Claim): Promise<void> {
    await this.#cache.release(claim.key, claim.holder);
  }
}

export function bodyDigest(body: Buffer): string {
  return `sha256:${createHash('sha256').update(body).digest('base64url')}`;
}

function digest(value: string): string {
  return createHash('sha256').update(value).digest('base64url').slice(0, 22);
}
