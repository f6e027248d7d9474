import { Counter, type Registry } from 'prom-client';

/** `memory` or `redis`: the cache this app was configured with; `singleflight`: fetches in progress. */
export type CacheLayer = 'memory' | 'redis' | 'singleflight';

/** `hit`: answered; `stale`: found but too old to answer as is; `miss`: not there. */
export type CacheResult = 'hit' | 'stale' | 'miss';

export type CacheOperation = 'read' | 'write' | 'delete' | 'claim' | 'release' | 'connection';

/** How the picture pipeline's lookups went, per picture: told by the PictureService. */
export interface PictureLookupObserver {
  cache(result: CacheResult): void;
  /** `true`: joined a fetch already under way (single flight); `false`: started one. */
  flight(joined: boolean): void;
}

export interface CacheMetrics {
  lookups(layer: Exclude<CacheLayer, 'singleflight'>): PictureLookupObserver;
  /** A failed call to the cache (each is served as a miss or a skipped write). */
  failed(layer: CacheLayer, operation: CacheOperation): void;
}

interface Tally {
  readonly labels: { readonly layer: CacheLayer; readonly result: CacheResult };
  count: number;
}

export function createCacheMetrics(registry: Registry): CacheMetrics {
  // Lookups happen once per picture, a hundred per request and more: they are tallied in plain
  // numbers and handed to prom-client when it is scraped, not hashed into labels each time.
  const tallies: Tally[] = [];
  const tally = (layer: CacheLayer, result: CacheResult): Tally => {
    const created: Tally = { labels: { layer, result }, count: 0 };
    tallies.push(created);
    return created;
  };
  new Counter({
    name: 'picture_cache_requests_total',
    help: 'Picture lookups by cache layer and result (redis/memory: the cache; singleflight: a fetch already in progress)',
    labelNames: ['layer', 'result'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const { labels, count } of tallies) {
        this.inc(labels, count);
      }
    },
  });
  const errors = new Counter({
    name: 'picture_cache_errors_total',
    help: 'Failed cache calls by layer and operation; each is served as a miss or a skipped write',
    labelNames: ['layer', 'operation'] as const,
    registers: [registry],
  });
  return {
    lookups(layer) {
      const cache = { hit: tally(layer, 'hit'), stale: tally(layer, 'stale'), miss: tally(layer, 'miss') };
      const joined = tally('singleflight', 'hit');
      const started = tally('singleflight', 'miss');
      if (layer === 'redis') {
        for (const operation of ['read', 'write'] as const) {
          errors.inc({ layer, operation }, 0);
        }
      }
      return {
        cache: (result) => {
          cache[result].count += 1;
        },
        flight: (wasJoined) => {
          (wasJoined ? joined : started).count += 1;
        },
      };
    },
    failed: (layer, operation) => errors.inc({ layer, operation }),
  };
}
