import { describe, expect, it } from 'vitest';
import { MemoryStore, stringBytes } from '../../src/cache/memory-store.js';

const NOW = 1_000;
const LATER = NOW + 60_000;

function keys(store: MemoryStore, candidates: readonly string[]): string[] {
  return candidates.filter((key) => store.peek(key, NOW) !== undefined);
}

describe('MemoryStore', () => {
  it('counts each entry as its key, its value estimate and a fixed overhead, and gives the bytes back on delete and replace', () => {
    const store = new MemoryStore({ maxEntries: 10, maxBytes: 1_000_000 });
    store.set('a', 'x', 100, LATER, NOW);
    const one = store.bytes;
    expect(one).toBeGreaterThan(100 + stringBytes('a'));
    store.set('b', 'y', 300, LATER, NOW);
    expect(store.bytes).toBe(2 * one + 200);
    store.set('a', 'z', 50, LATER, NOW);
    expect(store.bytes).toBe(2 * one + 200 - 50);
    store.delete('b');
    store.delete('never there');
    expect(store.bytes).toBe(one - 50);
    store.clear();
    expect(store.bytes).toBe(0);
  });

  it('gives back the bytes of an entry found expired', () => {
    const store = new MemoryStore({ maxEntries: 10, maxBytes: 1_000_000 });
    store.set('short', 's', 100, NOW + 10, NOW);
    expect(store.get('short', NOW + 10)).toBeUndefined();
    expect(store.bytes).toBe(0);
    expect(store.size).toBe(0);
  });

  it('stays within its byte bound however few entries that is, dropping the oldest unread first', () => {
    const store = new MemoryStore({ maxEntries: 1_000, maxBytes: 2_000 });
    for (let index = 0; index < 100; index += 1) {
      store.set(`k${index}`, index, 300, LATER, NOW);
      expect(store.bytes).toBeLessThanOrEqual(2_000);
    }
    // Each entry is a little over 300 bytes: four fit, and they are the newest four.
    expect(store.size).toBe(4);
    expect(keys(store, ['k95', 'k96', 'k97', 'k98', 'k99'])).toEqual(['k96', 'k97', 'k98', 'k99']);
  });

  it('stays within its entry bound however small the entries', () => {
    const store = new MemoryStore({ maxEntries: 3, maxBytes: 1_000_000 });
    for (let index = 0; index < 10; index += 1) {
      store.set(`k${index}`, index, 1, LATER, NOW);
    }
    expect(store.size).toBe(3);
    expect(keys(store, ['k6', 'k7', 'k8', 'k9'])).toEqual(['k7', 'k8', 'k9']);
  });

  it('gives a read entry a second chance: the oldest unread one goes instead', () => {
    const store = new MemoryStore({ maxEntries: 3, maxBytes: 1_000_000 });
    store.set('a', 1, 1, LATER, NOW);
    store.set('b', 2, 1, LATER, NOW);
    store.set('c', 3, 1, LATER, NOW);
    store.get('a', NOW);
    store.set('d', 4, 1, LATER, NOW);
    expect(keys(store, ['a', 'b', 'c', 'd'])).toEqual(['a', 'c', 'd']);
    // Its chance spent, `a` went behind `c` and `d`, unmarked: `c` is now the oldest and goes next.
    store.set('e', 5, 1, LATER, NOW);
    expect(keys(store, ['a', 'c', 'd', 'e'])).toEqual(['a', 'd', 'e']);
  });

  it('does not count a look (peek) as a read', () => {
    const store = new MemoryStore({ maxEntries: 2, maxBytes: 1_000_000 });
    store.set('a', 1, 1, LATER, NOW);
    store.set('b', 2, 1, LATER, NOW);
    store.peek('a', NOW);
    store.set('c', 3, 1, LATER, NOW);
    expect(keys(store, ['a', 'b', 'c'])).toEqual(['b', 'c']);
  });

  it('refuses bounds that are not positive integers', () => {
    expect(() => new MemoryStore({ maxEntries: 0, maxBytes: 1 })).toThrow(RangeError);
    expect(() => new MemoryStore({ maxEntries: 1, maxBytes: 0.5 })).toThrow(RangeError);
  });
});

describe('stringBytes', () => {
  it('counts one byte per Latin-1 character and two otherwise, plus a header', () => {
    expect(stringBytes('abcd') - stringBytes('')).toBe(4);
    expect(stringBytes('ab€d') - stringBytes('')).toBe(8);
  });
});
