import { describe, expect, it, vi } from 'vitest';
import type { Cache } from '../../src/cache/cache.js';

/**
 * What every Cache owes the picture pipeline, whatever stores it: batches in key order, each
 * entry's own expiry, atomic guarded writes, deletes, and leases one holder at a time. Keys share
 * a hash tag, as the pipeline's keys do, so the suite runs unchanged on Redis Cluster.
 */
export function describeCacheContract(name: string, cache: () => Cache): void {
  describe(`${name}: the Cache contract`, () => {
    let round = 0;
    // Fresh keys per test: the suite never depends on what an earlier test left behind.
    const key = (suffix: string) => `contract:{t}:${round}:${suffix}`;
    const fresh = () => {
      round += 1;
    };

    it('answers a batch in key order, with misses as undefined', async () => {
      fresh();
      await cache().setMany([
        { key: key('a'), value: '1', ttlMs: 10_000 },
        { key: key('c'), value: '3', ttlMs: 10_000 },
      ]);
      expect(await cache().getMany([key('c'), key('b'), key('a')])).toEqual(['3', undefined, '1']);
    });

    it('forgets an entry once its own time to live has passed', async () => {
      fresh();
      await cache().setMany([
        { key: key('short'), value: 's', ttlMs: 80 },
        { key: key('long'), value: 'l', ttlMs: 10_000 },
      ]);
      await vi.waitFor(async () => expect(await cache().getMany([key('short'), key('long')])).toEqual([undefined, 'l']), {
        timeout: 3_000,
        interval: 20,
      });
    });

    it('writes a guarded entry only while its guard holds the expected value', async () => {
      fresh();
      await cache().setMany([{ key: key('stamp'), value: 'v1', ttlMs: 10_000 }]);
      await cache().setMany([
        { key: key('kept'), value: 'yes', ttlMs: 10_000, guard: { key: key('stamp'), value: 'v1' } },
        { key: key('stale'), value: 'no', ttlMs: 10_000, guard: { key: key('stamp'), value: 'v0' } },
        { key: key('unguarded-expectation'), value: 'no', ttlMs: 10_000, guard: { key: key('stamp'), value: null } },
        { key: key('absent-guard'), value: 'yes', ttlMs: 10_000, guard: { key: key('nothing'), value: null } },
      ]);
      expect(await cache().getMany([key('kept'), key('stale'), key('unguarded-expectation'), key('absent-guard')])).toEqual([
        'yes',
        undefined,
        undefined,
        'yes',
      ]);
    });

    it('deletes a batch of keys', async () => {
      fresh();
      await cache().setMany([
        { key: key('a'), value: '1', ttlMs: 10_000 },
        { key: key('b'), value: '2', ttlMs: 10_000 },
        { key: key('c'), value: '3', ttlMs: 10_000 },
      ]);
      await cache().deleteMany([key('a'), key('c'), key('never-there')]);
      expect(await cache().getMany([key('a'), key('b'), key('c')])).toEqual([undefined, '2', undefined]);
    });

    it('grants a lease to one holder at a time, tells the others how long it lasts, and lets only its holder release it', async () => {
      fresh();
      expect(await cache().claim(key('lease'), 'first', 5_000)).toEqual({ claimed: true });
      const refused = await cache().claim(key('lease'), 'second', 5_000);
      expect(refused.claimed).toBe(false);
      expect(refused.claimed === false && refused.remainingMs).toBeGreaterThan(4_000);
      expect(refused.claimed === false && refused.remainingMs).toBeLessThanOrEqual(5_000);

      await cache().release(key('lease'), 'second');
      expect((await cache().claim(key('lease'), 'third', 5_000)).claimed).toBe(false);
      await cache().release(key('lease'), 'first');
      expect(await cache().claim(key('lease'), 'third', 5_000)).toEqual({ claimed: true });
    });

    it('lets a lease run out on its own', async () => {
      fresh();
      expect(await cache().claim(key('lease'), 'first', 80)).toEqual({ claimed: true });
      await vi.waitFor(async () => expect(await cache().claim(key('lease'), 'second', 5_000)).toEqual({ claimed: true }), {
        timeout: 3_000,
        interval: 20,
      });
    });

    it('reports itself healthy', () => {
      expect(cache().health()).toBe('ok');
    });
  });
}
