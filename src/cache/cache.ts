/** One value to store, with how long it may be served. */
export interface CacheEntry {
  readonly key: string;
  readonly value: string;
  readonly ttlMs: number;
  /**
   * Store the entry only while `key` of the guard still holds `value` (null: is absent), checked
   * and written atomically. A writer that read the guard before slow work skips its write when
   * somebody changed the guard meanwhile, instead of overwriting newer knowledge with older.
   */
  readonly guard?: CacheGuard;
}

export interface CacheGuard {
  readonly key: string;
  readonly value: string | null;
}

/** The outcome of `claim`: the key is now ours, or somebody holds it for `remainingMs` more. */
export type CacheClaim = { readonly claimed: true } | { readonly claimed: false; readonly remainingMs: number };

/** `degraded`: the cache is failing and requests are served without it. */
export type CacheHealth = 'ok' | 'degraded';

/**
 * A key-value store of short strings with expiry. It knows nothing of pictures or providers, and
 * it is never a dependency: implementations answer a failure of their own with misses, ignored
 * writes and granted claims, not with errors.
 *
 * The keys of one call share a Redis Cluster hash tag (`{…}`), so every call is one round trip to
 * one node.
 */
export interface Cache {
  /** Values in key order; `undefined` for a miss. One round trip for the whole batch. */
  getMany(keys: readonly string[]): Promise<Array<string | undefined>>;
  /** Stores every entry with its own expiry (and guard, if it has one), in one round trip. */
  setMany(entries: readonly CacheEntry[]): Promise<void>;
  /** Removes the keys, in one round trip. */
  deleteMany(keys: readonly string[]): Promise<void>;
  /**
   * Stores `value` under `key` for `ttlMs` only if the key is absent: a lease that one holder at a
   * time gets, across every process sharing the cache.
   */
  claim(key: string, value: string, ttlMs: number): Promise<CacheClaim>;
  /** Removes `key` only while it still holds `value`: a holder giving its lease back. */
  release(key: string, value: string): Promise<void>;
  health(): CacheHealth;
  close(): Promise<void>;
  /**
   * A lane for typed values that skips the codec, offered by caches that can keep values as they
   * are (the in-process one). Both views see the same entries; a shared cache leaves this out and
   * `valueCache` encodes over it.
   */
  values?<V>(codec: ValueCodec<V>): ValueCache<V>;
}

/** Turns values into the strings a Cache keeps and back, and says what one costs in the heap. */
export interface ValueCodec<V> {
  encode(value: V): string;
  /** `undefined` for what it cannot read (an older layout, corruption): a miss, never an error. */
  decode(text: string): V | undefined;
  /** An honest estimate of the heap bytes one value holds, for caches bounded in bytes. */
  bytes(value: V): number;
}

/** One typed value to store; expiry and guard as in `CacheEntry`. */
export interface ValueEntry<V> {
  readonly key: string;
  readonly value: V;
  readonly ttlMs: number;
  readonly guard?: CacheGuard;
}

/** Typed values over a Cache, with its batches, expiries and guards. */
export interface ValueCache<V> {
  /** Values in key order; `undefined` for a miss. One round trip for the whole batch. */
  getMany(keys: readonly string[]): Promise<Array<V | undefined>>;
  /** Stores every entry with its own expiry (and guard, if it has one), in one round trip. */
  setMany(entries: readonly ValueEntry<V>[]): Promise<void>;
}
