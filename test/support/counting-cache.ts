import type { Cache, CacheClaim, CacheEntry, CacheHealth, ValueCache, ValueCodec } from '../../src/cache/cache.js';
import { MemoryCache } from '../../src/cache/memory-cache.js';

/**
 * A memory cache that counts round trips and keeps the entries written, for pipeline tests. By
 * default it offers strings only, as Redis does; with `lane` it also offers the in-process typed
 * lane, whose reads and writes it records the same way (written values encoded, so assertions read
 * alike on both paths).
 */
export class CountingCache implements Cache {
  readonly inner: MemoryCache;
  reads: string[][] = [];
  writes: CacheEntry[][] = [];
  deletes: string[][] = [];
  readonly values?: <V>(codec: ValueCodec<V>) => ValueCache<V>;

  constructor(now?: () => number, options: { lane?: boolean } = {}) {
    this.inner = new MemoryCache({ maxEntries: 10_000, ...(now ? { now } : {}) });
    if (options.lane === true) {
      this.values = <V>(codec: ValueCodec<V>): ValueCache<V> => {
        const lane = this.inner.values(codec);
        return {
          getMany: async (keys) => {
            this.reads.push([...keys]);
            return lane.getMany(keys);
          },
          setMany: async (entries) => {
            this.writes.push(entries.map((entry) => ({ ...entry, value: codec.encode(entry.value) })));
            return lane.setMany(entries);
          },
        };
      };
    }
  }

  async getMany(keys: readonly string[]): Promise<Array<string | undefined>> {
    this.reads.push([...keys]);
    return this.inner.getMany(keys);
  }

  async setMany(entries: readonly CacheEntry[]): Promise<void> {
    this.writes.push([...entries]);
    return this.inner.setMany(entries);
  }

  async deleteMany(keys: readonly string[]): Promise<void> {
    this.deletes.push([...keys]);
    return this.inner.deleteMany(keys);
  }

  claim(key: string, value: string, ttlMs: number): Promise<CacheClaim> {
    return this.inner.claim(key, value, ttlMs);
  }

  release(key: string, value: string): Promise<void> {
    return this.inner.release(key, value);
  }

  health(): CacheHealth {
    return this.inner.health();
  }

  async close(): Promise<void> {
    return this.inner.close();
  }
}
