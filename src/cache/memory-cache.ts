import type { Cache, CacheClaim, CacheEntry, CacheHealth } from './cache.js';

interface Slot {
  value: string;
  expiresAt: number;
}

/**
 * A bounded in-process LRU: the cache when no Redis is configured. A Map keeps insertion order, so
 * re-inserting on every hit makes its first key the least recently used. Everything here runs in
 * one synchronous step, which makes guards and claims atomic for free.
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
      const slot = this.#live(key, now);
      if (slot === undefined) {
        return undefined;
      }
      this.#slots.delete(key);
      this.#slots.set(key, slot);
      return slot.value;
    });
  }

  async setMany(entries: readonly CacheEntry[]): Promise<void> {
    const now = this.#now();
    for (const { key, value, ttlMs, guard } of entries) {
      if (guard !== undefined && (this.#live(guard.key, now)?.value ?? null) !== guard.value) {
        continue;
      }
      this.#store(key, value, ttlMs, now);
    }
    this.#evict();
  }

  async deleteMany(keys: readonly string[]): Promise<void> {
    for (const key of keys) {
      this.#slots.delete(key);
    }
  }

  async claim(key: string, value: string, ttlMs: number): Promise<CacheClaim> {
    const now = this.#now();
    const holder = this.#live(key, now);
    if (holder !== undefined) {
      return { claimed: false, remainingMs: holder.expiresAt - now };
    }
    this.#store(key, value, ttlMs, now);
    this.#evict();
    return { claimed: true };
  }

  async release(key: string, value: string): Promise<void> {
    if (this.#slots.get(key)?.value === value) {
      this.#slots.delete(key);
    }
  }

  health(): CacheHealth {
    return 'ok';
  }

  async close(): Promise<void> {
    this.#slots.clear();
  }

  #live(key: string, now: number): Slot | undefined {
    const slot = this.#slots.get(key);
    if (slot !== undefined && slot.expiresAt <= now) {
      this.#slots.delete(key);
      return undefined;
    }
    return slot;
  }

  #store(key: string, value: string, ttlMs: number, now: number): void {
    this.#slots.delete(key);
    if (ttlMs > 0) {
      this.#slots.set(key, { value, expiresAt: now + ttlMs });
    }
  }

  #evict(): void {
    for (const key of this.#slots.keys()) {
      if (this.#slots.size <= this.#maxEntries) {
        break;
      }
      this.#slots.delete(key);
    }
  }
}
