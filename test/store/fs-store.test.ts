import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FsPictureStore } from '../../src/store/fs-store.js';
import { StoreError } from '../../src/store/picture-store.js';
import { pictureStoreContract } from './store-contract.js';

const store = new FsPictureStore(mkdtempSync(join(tmpdir(), 'fs-store-')));

pictureStoreContract('filesystem', () => store);

describe('the filesystem store', () => {
  it('leaves no temporary file behind a write', async () => {
    await store.put('fs/temp/full.webp', Buffer.from('bytes'), 'image/webp');
    expect(readdirSync(join(store.root, 'fs', 'temp'))).toEqual(['full.webp']);
  });

  it('gives one holder at a time a lock, and takes over one that went stale', async () => {
    const release = await store.tryLock?.('fs-lock', 60_000);
    expect(release).toBeTypeOf('function');
    expect(await store.tryLock?.('fs-lock', 60_000)).toBeNull();
    await release?.();
    const again = await store.tryLock?.('fs-lock', 60_000);
    expect(again).toBeTypeOf('function');
    // A holder that died: its lock is older than the lease.
    expect(await store.tryLock?.('fs-lock', 0)).toBeTypeOf('function');
  });

  it('reports a directory it cannot use as unavailable', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'fs-store-file-')), 'not-a-directory');
    writeFileSync(file, 'x');
    const broken = new FsPictureStore(file);
    await expect(broken.check()).rejects.toBeInstanceOf(StoreError);
    await expect(broken.put('a/b.webp', Buffer.from('x'), 'image/webp')).rejects.toMatchObject({ failure: 'unavailable' });
  });
});
