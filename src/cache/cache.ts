/** One value to store, with how long it may be served. */
export interface CacheEntry {
  readonly key: string;
  readonly value: string;
  readonly ttlMs: number;
}

/** `degraded`: the cache is failing and requests are served without it. */
export type CacheHealth = 'ok' | 'degraded';

/**
 * A key-value store of short strings with expiry. It knows nothing of pictures or providers, and
 * it is never a dependency: implementations answer a failure of their own with misses and ignored
 * writes, not with errors.
 */
export interface Cache {
  /** Values in key order; `undefined` for a miss. One round trip for the whole batch. */
  getMany(keys: readonly string[]): Promise<Array<string | undefined>>;
  /** Stores every entry with its own expiry, in one round trip. */
  setMany(entries: readonly CacheEntry[]): Promise<void>;
  health(): CacheHealth;
  close(): Promise<void>;
}
