/**
 * Where hosted copies of pictures are kept: a small object store of immutable blobs under
 * slash-separated keys. It knows nothing of pictures, sessions or HTTP; `src/hosting/` decides the
 * keys. Implementations: a directory (the embedded default) and any S3-compatible bucket.
 *
 * Failures are `StoreError`s that say whether the store is away (`unavailable`) or out of room
 * (`full`), so callers can degrade instead of failing: a missing object is `null`, never an error.
 */
export interface PictureStore {
  /** `filesystem` or `s3`, for /ready and logs. */
  readonly kind: string;
  /** The object, or null when there is none. */
  get(key: string): Promise<StoredObject | null>;
  /** Writes atomically: readers see the whole object or none, never a part. Replaces any object under `key`. */
  put(key: string, bytes: Buffer, contentType: string): Promise<void>;
  /** Removes the objects; keys that do not exist are no error. */
  delete(keys: readonly string[]): Promise<void>;
  /** Every object whose key starts with `prefix`, with its last write time; objects sharing a "directory" (key up to its last slash) come one after another. */
  list(prefix: string): AsyncIterable<ListedObject>;
  /** Resolves when the store answers a cheap request (a bucket HEAD, a directory stat). */
  check(): Promise<void>;
  /**
   * A lease on `name` that one holder at a time gets across every process sharing this store, or
   * null when somebody holds it; only stores with an atomic create-if-absent offer it (a
   * directory does, S3 does not). Resolves to the release.
   */
  readonly tryLock?: (name: string, ttlMs: number) => Promise<(() => Promise<void>) | null>;
  close(): Promise<void>;
}

export interface StoredObject {
  readonly bytes: Buffer;
  readonly contentType: string;
  /** The bytes' SHA-256, base64url: a strong ETag and a check that what was read is what was written. */
  readonly sha256: string;
}

export interface ListedObject {
  readonly key: string;
  /** The last write: what the retention sweep ages objects by, without reading them. */
  readonly modifiedAt: Date;
}

export type StoreFailure = 'unavailable' | 'full';

export class StoreError extends Error {
  readonly failure: StoreFailure;

  constructor(failure: StoreFailure, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreError';
    this.failure = failure;
  }
}

// Keys are made by src/hosting from base64url ids: nothing here may escape a directory or a prefix.
const KEY = /^[A-Za-z0-9_-][A-Za-z0-9_.-]*(?:\/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*$/;

/** Refuses a key that could name anything outside the store (`..`, absolute paths, odd characters). */
export function assertStoreKey(key: string): void {
  if (!KEY.test(key) || key.split('/').some((segment) => segment === '.' || segment === '..' || segment.startsWith('.'))) {
    throw new Error(`not a picture store key: ${JSON.stringify(key.slice(0, 80))}`);
  }
}
