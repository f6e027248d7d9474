import type { Cache, CacheClaim, CacheEntry, CacheGuard, CacheHealth, ValueCache, ValueCodec, ValueEntry } from './cache.js';
import { MemoryStore, stringBytes, type Slot } from './memory-store.js';

// The byte bound when none is given, as CACHE_MAX_BYTES's default.
const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

/** A value a typed lane stored as it is, with the codec that reads and writes it. */
class Held<V> {
  constructor(
    readonly value: V,
    readonly codec: ValueCodec<V>,
  ) {}
}

/**
 * The cache when no Redis is configured: a bounded in-process LRU (entries and bytes). Strings
 * stay strings; typed values (`values(codec)`) are kept as they are, so a hit costs no decoding.
 * Both views read the same entries: a view that finds the other kind converts it with the codec,
 * and the lane keeps what it decoded, so a string read once is not decoded again.
 * Everything here runs in one synchronous step, which makes guards and claims atomic for free.
 */
export class MemoryCache implements Cache {
  readonly #store: MemoryStore;
  readonly #now: () => number;

  constructor(options: { maxEntries: number; maxBytes?: number; now?: () => number }) {
    this.#store = new MemoryStore({ maxEntries: options.maxEntries, maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES });
    this.#now = options.now ?? Date.now;
  }

  get size(): number {
    return this.#store.size;
  }

  /** The sum of the entries' byte estimates. */
  get bytes(): number {
    return this.#store.bytes;
  }

  async getMany(keys: readonly string[]): Promise<Array<string | undefined>> {
    const now = this.#now();
    return keys.map((key) => asText(this.#store.get(key, now)));
  }

  async setMany(entries: readonly CacheEntry[]): Promise<void> {
    const now = this.#now();
    for (const { key, value, ttlMs, guard } of entries) {
      if (this.#guardHolds(guard, now)) {
        this.#store.set(key, value, stringBytes(value), now + ttlMs, now);
      }
    }
  }

  async deleteMany(keys: readonly string[]): Promise<void> {
    for (const key of keys) {
      this.#store.delete(key);
    }
  }

  async claim(key: string, value: string, ttlMs: number): Promise<CacheClaim> {
    const now = this.#now();
    const holder = this.#store.peek(key, now);
    if (holder !== undefined) {
      return { claimed: false, remainingMs: holder.expiresAt - now };
    }
    this.#store.set(key, value, stringBytes(value), now + ttlMs, now);
    return { claimed: true };
  }

  async release(key: string, value: string): Promise<void> {
    if (asText(this.#store.peek(key, this.#now())) === value) {
      this.#store.delete(key);
    }
  }

  health(): CacheHealth {
    return 'ok';
  }

  async close(): Promise<void> {
    this.#store.clear();
  }

  values<V>(codec: ValueCodec<V>): ValueCache<V> {
    return {
      getMany: async (keys) => {
        const now = this.#now();
        return keys.map((key) => {
          const slot = this.#store.get(key, now);
          if (slot === undefined) {
            return undefined;
          }
          if (slot.value instanceof Held && slot.value.codec === codec) {
            return (slot.value as Held<V>).value;
          }
          const text = asText(slot);
          const value = text === undefined ? undefined : codec.decode(text);
          if (value !== undefined) {
            // Written through the string view (or by another lane): kept decoded from now on.
            this.#store.set(key, new Held(value, codec), codec.bytes(value), slot.expiresAt, now);
          }
          return value;
        });
      },
      setMany: async (entries: readonly ValueEntry<V>[]) => {
        const now = this.#now();
        for (const { key, value, ttlMs, guard } of entries) {
          if (this.#guardHolds(guard, now)) {
            this.#store.set(key, new Held(value, codec), codec.bytes(value), now + ttlMs, now);
          }
        }
      },
    };
  }

  #guardHolds(guard: CacheGuard | undefined, now: number): boolean {
    return guard === undefined || (asText(this.#store.peek(guard.key, now)) ?? null) === guard.value;
  }
}

/** A slot as the string view sees it: typed values are encoded, as a shared cache would hold them. */
function asText(slot: Slot | undefined): string | undefined {
  if (slot === undefined) {
    return undefined;
  }
  if (slot.value instanceof Held) {
    const held = slot.value as Held<unknown>;
    return held.codec.encode(held.value);
  }
  return slot.value as string;
}
