import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat, unlink, utimes } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { assertStoreKey, StoreError, type ListedObject, type PictureStore, type StoredObject } from './picture-store.js';

const CONTENT_TYPES: ReadonlyMap<string, string> = new Map([
  ['.webp', 'image/webp'],
  ['.jpg', 'image/jpeg'],
  ['.json', 'application/json'],
]);
const TEMP_PREFIX = '.tmp-';
const LOCKS = '.locks';

/** The filesystem's way of saying it is out of room or out of quota. */
const FULL_CODES = new Set(['ENOSPC', 'EDQUOT', 'EFBIG']);

function failure(error: unknown, what: string): StoreError {
  const code = (error as { code?: unknown }).code;
  return new StoreError(
    typeof code === 'string' && FULL_CODES.has(code) ? 'full' : 'unavailable',
    `picture store ${what} failed${typeof code === 'string' ? ` (${code})` : ''}`,
    { cause: error },
  );
}

function isMissing(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/**
 * The embedded default: one file per object under `root`. Writes go to a temporary file in the
 * same directory, are flushed, then renamed over the key (atomic on one filesystem), so a reader
 * or a crash never sees half an image. The content type is the key's extension. Replicas that
 * mount the same directory share the copies, and its exclusive-create locks.
 */
export class FsPictureStore implements PictureStore {
  readonly kind = 'filesystem';
  readonly #root: string;

  constructor(root: string) {
    this.#root = root;
  }

  get root(): string {
    return this.#root;
  }

  async get(key: string): Promise<StoredObject | null> {
    try {
      const bytes = await readFile(this.#path(key));
      return { bytes, contentType: contentTypeOf(key), sha256: createHash('sha256').update(bytes).digest('base64url') };
    } catch (error) {
      if (isMissing(error)) {
        return null;
      }
      throw failure(error, 'read');
    }
  }

  // The content type is the key's extension here; the parameter is the interface's.
  async put(key: string, bytes: Buffer, _contentType?: string): Promise<void> {
    const path = this.#path(key);
    const temp = join(dirname(path), `${TEMP_PREFIX}${randomBytes(8).toString('hex')}`);
    try {
      await mkdir(dirname(path), { recursive: true });
      const file = await open(temp, 'wx', 0o640);
      try {
        await file.writeFile(bytes);
        // Flushed before the rename, so a crash cannot leave a complete name over incomplete bytes.
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(temp, path);
    } catch (error) {
      await rm(temp, { force: true }).catch(() => {});
      throw failure(error, 'write');
    }
  }

  async delete(keys: readonly string[]): Promise<void> {
    try {
      await Promise.all(keys.map((key) => rm(this.#path(key), { force: true })));
      // Empty directories left behind are harmless; the next write reuses them.
    } catch (error) {
      throw failure(error, 'delete');
    }
  }

  async *list(prefix: string): AsyncIterable<ListedObject> {
    // The deepest directory the prefix names fully, then a filter on the rest.
    const base = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/')) : '';
    if (base !== '') {
      assertStoreKey(base);
    }
    for await (const object of this.#walk(join(this.#root, ...base.split('/').filter((part) => part !== '')))) {
      if (object.key.startsWith(prefix)) {
        yield object;
      }
    }
  }

  async check(): Promise<void> {
    try {
      await mkdir(this.#root, { recursive: true });
      const info = await stat(this.#root);
      if (!info.isDirectory()) {
        throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
      }
    } catch (error) {
      throw failure(error, 'check');
    }
  }

  readonly tryLock = async (name: string, ttlMs: number): Promise<(() => Promise<void>) | null> => {
    assertStoreKey(name);
    const path = join(this.#root, LOCKS, name.replaceAll('/', '_'));
    await mkdir(dirname(path), { recursive: true }).catch((error: unknown) => {
      throw failure(error, 'lock');
    });
    for (let attempt = 0; attempt < 2; attempt += 1) {
      try {
        // `wx`: created only if absent, atomically, even between processes sharing the directory.
        await (await open(path, 'wx')).close();
        // The lock's age is its mtime; a holder that died leaves one that goes stale after ttlMs.
        const now = new Date();
        await utimes(path, now, now);
        return async () => {
          await unlink(path).catch(() => {});
        };
      } catch (error) {
        if ((error as { code?: unknown }).code !== 'EEXIST') {
          throw failure(error, 'lock');
        }
      }
      const held = await stat(path).catch(() => null);
      if (held !== null && Date.now() - held.mtimeMs < ttlMs) {
        return null;
      }
      // Stale (or just released): take it over once.
      await unlink(path).catch(() => {});
    }
    return null;
  };

  async close(): Promise<void> {}

  #path(key: string): string {
    assertStoreKey(key);
    return join(this.#root, ...key.split('/'));
  }

  async *#walk(directory: string): AsyncIterable<ListedObject> {
    let entries;
    try {
      entries = await readdir(directory, { withFileTypes: true });
    } catch (error) {
      if (isMissing(error)) {
        return;
      }
      throw failure(error, 'list');
    }
    // Key order, like S3's listing: callers group an object's files by their common prefix.
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith('.')) {
        continue;
      }
      const path = join(directory, entry.name);
      if (entry.isDirectory()) {
        yield* this.#walk(path);
      } else if (entry.isFile()) {
        const info = await stat(path).catch(() => null);
        if (info !== null) {
          yield { key: relative(this.#root, path).split(sep).join('/'), modifiedAt: info.mtime };
        }
      }
    }
  }
}

function contentTypeOf(key: string): string {
  const dot = key.lastIndexOf('.');
  return (dot === -1 ? undefined : CONTENT_TYPES.get(key.slice(dot))) ?? 'application/octet-stream';
}
