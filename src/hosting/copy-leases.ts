import { randomUUID } from 'node:crypto';
import type { Cache } from '../cache/cache.js';
import type { PictureStore } from '../store/picture-store.js';

/** A lease on making one picture's copy; resolves to its release, or null while somebody else holds it. */
export type AcquireLease = (name: string, ttlMs: number) => Promise<(() => Promise<void>) | null>;

/**
 * Who may download a picture right now, across replicas: the shared Redis when there is one (its
 * claims span every replica), else the store's own exclusive-create lock (a shared directory),
 * else this process alone (an S3 store without Redis: two replicas may then each download a
 * picture that both are asked for in the same instant, once).
 */
export function copyLeases(cache: Cache, sharedCache: boolean, store: PictureStore): AcquireLease {
  if (!sharedCache && store.tryLock !== undefined) {
    const lock = store.tryLock;
    return (name, ttlMs) => lock(`copy-${name.replaceAll('/', '-')}`, ttlMs);
  }
  return async (name, ttlMs) => {
    const key = `pichost:v1:lease:{${name}}`;
    const holder = randomUUID();
    const claim = await cache.claim(key, holder, ttlMs);
    return claim.claimed ? () => cache.release(key, holder) : null;
  };
}
