import type { Cache, CacheClaim, CacheEntry, CacheHealth } from '../../src/cache/cache.js';
import { MemoryCache } from '../../src/cache/memory-cache.js';

/** A memory cache that counts round trips and keeps the entries written, for pipeline tests. */
export class CountingCache implements Cache {
  readonly inner: MemoryCache;
  reads: string[][] = [];
  writes: CacheEntry[][] = [];
  deletes: string[][] = [];

  constructor(now?: () => number) {
    this.inner = new MemoryCache({ maxEntries: 10_000, ...(now ? { now } : {}) });
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
