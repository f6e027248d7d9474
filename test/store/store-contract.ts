import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ListedObject, PictureStore } from '../../src/store/picture-store.js';

async function listedObjects(store: PictureStore, prefix: string): Promise<ListedObject[]> {
  const objects: ListedObject[] = [];
  for await (const object of store.list(prefix)) {
    objects.push(object);
  }
  return objects;
}

async function listed(store: PictureStore, prefix: string): Promise<string[]> {
  return (await listedObjects(store, prefix)).map((object) => object.key);
}

/**
 * What every picture store does, whichever it is: the filesystem store and the S3 store (against a
 * real S3 server) run this same suite. `store()` gives the store under test; every test uses keys
 * of its own, so the suite needs no cleanup between tests.
 */
export function pictureStoreContract(name: string, store: () => PictureStore): void {
  describe(`${name}: the picture store contract`, () => {
    it('answers null for an object it does not have', async () => {
      expect(await store().get('contract/missing/full.webp')).toBeNull();
    });

    it('gives back the bytes it was given, with their type, digest and write time', async () => {
      const bytes = randomBytes(70_000);
      const before = Date.now();
      await store().put('contract/round-trip/full.webp', bytes, 'image/webp');
      const object = await store().get('contract/round-trip/full.webp');
      expect(object?.bytes.equals(bytes)).toBe(true);
      expect(object?.contentType).toBe('image/webp');
      expect(object?.sha256).toBe((await import('node:crypto')).createHash('sha256').update(bytes).digest('base64url'));
      // The write time comes with the listing. Stores keep seconds (S3's Last-Modified has no more).
      const [written] = await listedObjects(store(), 'contract/round-trip/');
      expect(written?.modifiedAt.getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 - 1000);
    });

    it('keeps the content type of JPEG and JSON objects', async () => {
      await store().put('contract/types/full.jpg', Buffer.from([0xff, 0xd8, 0xff]), 'image/jpeg');
      await store().put('contract/types/record.json', Buffer.from('{}'), 'application/json');
      expect((await store().get('contract/types/full.jpg'))?.contentType).toBe('image/jpeg');
      expect((await store().get('contract/types/record.json'))?.contentType).toBe('application/json');
    });

    it('replaces an object whole', async () => {
      await store().put('contract/replace/record.json', Buffer.from('{"a":1}'), 'application/json');
      await store().put('contract/replace/record.json', Buffer.from('{"b":22}'), 'application/json');
      expect((await store().get('contract/replace/record.json'))?.bytes.toString()).toBe('{"b":22}');
    });

    it('never shows a reader part of an object that is being replaced', async () => {
      const a = Buffer.alloc(300_000, 1);
      const b = Buffer.alloc(200_000, 2);
      await store().put('contract/atomic/full.webp', a, 'image/webp');
      const writes = Promise.all([b, a, b].map((bytes) => store().put('contract/atomic/full.webp', bytes, 'image/webp')));
      const reads = Promise.all(Array.from({ length: 6 }, () => store().get('contract/atomic/full.webp')));
      const [, seen] = await Promise.all([writes, reads]);
      for (const object of seen) {
        expect(object?.bytes.equals(a) || object?.bytes.equals(b)).toBe(true);
      }
    });

    it('deletes objects, and deleting what is not there is no error', async () => {
      await store().put('contract/delete/full.webp', Buffer.from('x'), 'image/webp');
      await store().put('contract/delete/small.webp', Buffer.from('y'), 'image/webp');
      await store().delete(['contract/delete/full.webp', 'contract/delete/small.webp', 'contract/delete/never.jpg']);
      expect(await store().get('contract/delete/full.webp')).toBeNull();
      expect(await store().get('contract/delete/small.webp')).toBeNull();
      expect(await listed(store(), 'contract/delete/')).toEqual([]);
    });

    it('lists what is under a prefix, and only that, with each directory together', async () => {
      const keys = [
        'contract/list/a1/record.json',
        'contract/list/a1/full.webp',
        'contract/list/b2/full.jpg',
        'contract/list/b2/record.json',
      ];
      await Promise.all(keys.map((key) => store().put(key, Buffer.from(key), 'application/json')));
      await store().put('contract/listing-elsewhere/x.json', Buffer.from('x'), 'application/json');
      const found = await listed(store(), 'contract/list/');
      expect([...found].sort()).toEqual([...keys].sort());
      const owners = found.map((key) => key.split('/')[2]);
      expect(owners).toEqual([...owners].sort());
      for await (const object of store().list('contract/list/a1/')) {
        expect(object.modifiedAt.getTime()).toBeGreaterThan(0);
      }
    });

    it('refuses keys that could leave the store', async () => {
      for (const key of ['../escape', 'a/../../b', '/absolute', 'a//b', '.hidden/x', 'a/b c']) {
        await expect(store().put(key, Buffer.from('x'), 'image/webp')).rejects.toThrow(/not a picture store key/);
      }
    });

    it('answers its health check', async () => {
      await expect(store().check()).resolves.toBeUndefined();
    });
  });
}
