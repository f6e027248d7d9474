import { describe, expect, it } from 'vitest';
import type { ValueCodec } from '../../src/cache/cache.js';
import { MemoryCache } from '../../src/cache/memory-cache.js';
import { valueCache } from '../../src/cache/value-cache.js';
import { describeCacheContract } from '../support/cache-contract.js';

interface Point {
  readonly x: number;
  readonly y: number;
}

/** A codec that counts its work, so tests see when the lane skips it. */
function pointCodec(bytes = 100) {
  const calls = { encode: 0, decode: 0 };
  const codec: ValueCodec<Point> = {
    encode: (point) => {
      calls.encode += 1;
      return `${point.x},${point.y}`;
    },
    decode: (text) => {
      calls.decode += 1;
      const [x, y] = text.split(',').map(Number);
      return x === undefined || y === undefined || Number.isNaN(x) || Number.isNaN(y) ? undefined : { x, y };
    },
    bytes: () => bytes,
  };
  return { codec, calls };
}

const shared = new MemoryCache({ maxEntries: 1_000 });
describeCacheContract('MemoryCache', () => shared);

describe('MemoryCache', () => {
  it('forgets an entry exactly when its own TTL has passed', async () => {
    let now = 1_000;
    const cache = new MemoryCache({ maxEntries: 10, now: () => now });
    await cache.setMany([
      { key: 'short', value: 's', ttlMs: 100 },
      { key: 'long', value: 'l', ttlMs: 10_000 },
    ]);
    now += 99;
    expect(await cache.getMany(['short', 'long'])).toEqual(['s', 'l']);
    now += 1;
    expect(await cache.getMany(['short', 'long'])).toEqual([undefined, 'l']);
  });

  it('does not store entries with no time to live', async () => {
    const cache = new MemoryCache({ maxEntries: 10 });
    await cache.setMany([{ key: 'a', value: '1', ttlMs: 0 }]);
    expect(await cache.getMany(['a'])).toEqual([undefined]);
    expect(cache.size).toBe(0);
  });

  it('evicts the least recently used entry beyond its bound', async () => {
    const cache = new MemoryCache({ maxEntries: 2 });
    await cache.setMany([
      { key: 'a', value: '1', ttlMs: 1000 },
      { key: 'b', value: '2', ttlMs: 1000 },
    ]);
    await cache.getMany(['a']);
    await cache.setMany([{ key: 'c', value: '3', ttlMs: 1000 }]);
    expect(cache.size).toBe(2);
    expect(await cache.getMany(['a', 'b', 'c'])).toEqual(['1', undefined, '3']);
  });

  it('refuses a bound that is not a positive integer', () => {
    expect(() => new MemoryCache({ maxEntries: 0 })).toThrow(RangeError);
  });

  it('stays within its byte bound (CACHE_MAX_BYTES) whatever the number of entries', async () => {
    const cache = new MemoryCache({ maxEntries: 1_000_000, maxBytes: 64 * 1024 });
    const big = 'x'.repeat(1_000);
    for (let index = 0; index < 1_000; index += 1) {
      await cache.setMany([{ key: `k${index}`, value: big, ttlMs: 60_000 }]);
      expect(cache.bytes).toBeLessThanOrEqual(64 * 1024);
    }
    // About a thousand bytes each: some sixty fit, and the newest are the ones kept.
    expect(cache.size).toBeGreaterThan(50);
    expect(cache.size).toBeLessThan(64);
    expect(await cache.getMany(['k999', 'k0'])).toEqual([big, undefined]);
  });
});

describe('MemoryCache typed lane', () => {
  it('keeps the values themselves: a hit returns the stored object, with no encoding or decoding', async () => {
    const cache = new MemoryCache({ maxEntries: 10 });
    const { codec, calls } = pointCodec();
    const lane = valueCache(cache, codec);
    const point = { x: 1, y: 2 };
    await lane.setMany([{ key: 'p', value: point, ttlMs: 10_000 }]);
    const [found] = await lane.getMany(['p']);
    expect(found).toBe(point);
    expect(calls).toEqual({ encode: 0, decode: 0 });
  });

  it('shares its entries with the string view, converting through the codec only across views', async () => {
    const cache = new MemoryCache({ maxEntries: 10 });
    const { codec, calls } = pointCodec();
    const lane = valueCache(cache, codec);
    await lane.setMany([{ key: 'typed', value: { x: 1, y: 2 }, ttlMs: 10_000 }]);
    await cache.setMany([{ key: 'text', value: '3,4', ttlMs: 10_000 }]);
    expect(await cache.getMany(['typed'])).toEqual(['1,2']);
    expect(await lane.getMany(['text', 'missing'])).toEqual([{ x: 3, y: 4 }, undefined]);
    // Decoded once, then kept decoded.
    expect(await lane.getMany(['text'])).toEqual([{ x: 3, y: 4 }]);
    expect(calls).toEqual({ encode: 1, decode: 1 });
    await cache.deleteMany(['typed']);
    expect(await lane.getMany(['typed'])).toEqual([undefined]);
  });

  it('writes a guarded typed entry only while its guard (a string entry) holds the expected value', async () => {
    const cache = new MemoryCache({ maxEntries: 10 });
    const lane = valueCache(cache, pointCodec().codec);
    await cache.setMany([{ key: 'stamp', value: 'v1', ttlMs: 10_000 }]);
    await lane.setMany([
      { key: 'kept', value: { x: 1, y: 1 }, ttlMs: 10_000, guard: { key: 'stamp', value: 'v1' } },
      { key: 'stale', value: { x: 2, y: 2 }, ttlMs: 10_000, guard: { key: 'stamp', value: 'v0' } },
      { key: 'absent', value: { x: 3, y: 3 }, ttlMs: 10_000, guard: { key: 'nothing', value: null } },
    ]);
    expect(await lane.getMany(['kept', 'stale', 'absent'])).toEqual([{ x: 1, y: 1 }, undefined, { x: 3, y: 3 }]);
  });

  it("counts typed values by the codec's estimate against the byte bound", async () => {
    const cache = new MemoryCache({ maxEntries: 1_000, maxBytes: 10_000 });
    const lane = valueCache(cache, pointCodec(2_000).codec);
    for (let index = 0; index < 20; index += 1) {
      await lane.setMany([{ key: `p${index}`, value: { x: index, y: index }, ttlMs: 10_000 }]);
    }
    expect(cache.bytes).toBeLessThanOrEqual(10_000);
    expect(cache.size).toBe(4);
  });

  it('is what valueCache picks for the in-process cache; a cache without a lane gets the codec over its strings', async () => {
    const { codec, calls } = pointCodec();
    const inner = new MemoryCache({ maxEntries: 10 });
    // Only the Cache methods, no lane: as Redis is.
    const shared = {
      getMany: inner.getMany.bind(inner),
      setMany: inner.setMany.bind(inner),
      deleteMany: inner.deleteMany.bind(inner),
      claim: inner.claim.bind(inner),
      release: inner.release.bind(inner),
      health: inner.health.bind(inner),
      close: inner.close.bind(inner),
    };
    const encoded = valueCache(shared, codec);
    await encoded.setMany([{ key: 'p', value: { x: 5, y: 6 }, ttlMs: 10_000 }]);
    expect(await inner.getMany(['p'])).toEqual(['5,6']);
    expect(await encoded.getMany(['p'])).toEqual([{ x: 5, y: 6 }]);
    expect(calls).toEqual({ encode: 1, decode: 1 });
  });
});
