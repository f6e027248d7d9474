import { describe, expect, it } from 'vitest';
import { MemoryCache } from '../../src/cache/memory-cache.js';
import { describeCacheContract } from '../support/cache-contract.js';

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
});
