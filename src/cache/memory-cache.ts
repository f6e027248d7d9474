import type { Cache, CacheEntry, CacheHealth } from './cache.js';

interface Slot {
  value: string;
  expiresAt: number;
}

/**
 * A bounded in-process LRU: the cache when no Redis is configured. A Map keeps insertion order, so
 * re-inserting on every hit makes its first key the least recently used.
 */
export class MemoryCache implements Cache {
  readonly #slots = new Map<string, Slot>();
  readonly #maxEntries: number;
  readonly #now: () => number;

  constructor(options: { maxEntries: number; now?: () => number }) {
    if (!Number.isInteger(options.maxEntries) || options.maxEntries < 1) {
      throw new RangeError(`maxEntries must be a positive integer, got ${options.maxEntries}`);
    }
    this.#maxEntries = options.maxEntries;
    this.#now = options.now ?? Date.now;
  }

  get size(): number {
    return this.#slots.size;
  }

  async getMany(keys: readonly string[]): Promise<Array<string | undefined>> {
    const now = this.#now();
    return keys.map((key) => {
      const slot = this.#slots.get(key);
      if (slot === undefined) {
        return undefined;
      }
      this.#slots.delete(key);
      if (slot.expiresAt <= now) {
        return undefined;
      }
      this.#slots.set(key, slot);
      return slot.value;
    });
  }

  async setMany(entries: readonly CacheEntry[]): Promise<void> {
    const now = this.#now();
    for (const { key, value, ttlMs } of entries) {
      this.#slots.delete(key);
      if (ttlMs > 0) {
        this.#slots.set(key, { value, expiresAt: now + ttlMs });
      }
    }
    for (const key of this.#slots.keys()) {
      if (this.#slots.size <= this.#maxEntries) {
        break;
      }
      this.#slots.delete(key);
    }
  }

  health(): CacheHealth {
    return 'ok';
  }

  async close(): Promise<void> {
    this.#slots.clear();
  }
}
