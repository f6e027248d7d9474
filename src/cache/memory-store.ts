/** One stored value with its expiry and what it costs in memory. */
export interface Slot {
  readonly value: unknown;
  readonly expiresAt: number;
  readonly bytes: number;
  /** Read since eviction last passed it: it gets a second chance instead of going. */
  used: boolean;
}

export interface MemoryStoreLimits {
  /** Most entries kept. */
  readonly maxEntries: number;
  /** Most bytes kept, by the entries' own estimates (keys, values and bookkeeping). */
  readonly maxBytes: number;
}

// What V8 spends on one entry besides its key and value (64-bit, no pointer compression, as Node
// ships): the Slot object and its boxed expiry, and the Map's share of its hash table (key, value
// and chain slots at a load factor of two, doubled while it grows). Measured by filling a store
// (bench/cache-footprint.ts); see the README's performance section.
const SLOT_OVERHEAD_BYTES = 120;
// A string's header (map, hash, length) before its characters.
const STRING_HEADER_BYTES = 16;

/** The heap bytes of a string: one byte per character when every character fits Latin-1, else two. */
export function stringBytes(value: string): number {
  // Keys and cache values are ASCII (JIDs, URLs, base64 ids); the check stays linear and cheap.
  const wide = /[^\u0000-\u00ff]/.test(value);
  return STRING_HEADER_BYTES + value.length * (wide ? 2 : 1);
}

/**
 * A bounded in-process cache with expiry, bounded twice: by entries and by bytes, so neither many
 * small entries nor few large ones outgrow the process. Eviction is CLOCK, the second-chance
 * approximation of LRU: a Map keeps insertion order, a read only marks its entry used, and
 * eviction walks from the oldest entry, moving used ones to the end (unmarked) and removing the
 * first unused one. A hit thus costs a lookup and a flag, not a Map delete and re-insert, and
 * entries nobody reads go first. Everything runs in one synchronous step, which is what makes
 * guards and claims built on it atomic.
 */
export class MemoryStore {
  readonly #slots = new Map<string, Slot>();
  readonly #maxEntries: number;
  readonly #maxBytes: number;
  #bytes = 0;

  constructor(limits: MemoryStoreLimits) {
    for (const [name, limit] of Object.entries(limits)) {
      if (!Number.isInteger(limit) || limit < 1) {
        throw new RangeError(`${name} must be a positive integer, got ${String(limit)}`);
      }
    }
    this.#maxEntries = limits.maxEntries;
    this.#maxBytes = limits.maxBytes;
  }

  get size(): number {
    return this.#slots.size;
  }

  /** The sum of the entries' byte estimates. */
  get bytes(): number {
    return this.#bytes;
  }

  /** The live slot of `key`, marked used. */
  get(key: string, now: number): Slot | undefined {
    const slot = this.peek(key, now);
    if (slot !== undefined) {
      slot.used = true;
    }
    return slot;
  }

  /** The live slot of `key`, leaving it unmarked (guards and leases look, they do not use). */
  peek(key: string, now: number): Slot | undefined {
    const slot = this.#slots.get(key);
    if (slot !== undefined && slot.expiresAt <= now) {
      this.delete(key);
      return undefined;
    }
    return slot;
  }

  /** Stores `value` until `expiresAt`, replacing what `key` held; `bytes` is the value's own estimate. */
  set(key: string, value: unknown, valueBytes: number, expiresAt: number, now: number): void {
    this.delete(key);
    if (expiresAt <= now) {
      return;
    }
    const bytes = SLOT_OVERHEAD_BYTES + stringBytes(key) + valueBytes;
    this.#slots.set(key, { value, expiresAt, bytes, used: false });
    this.#bytes += bytes;
    this.#evict();
  }

  delete(key: string): void {
    const slot = this.#slots.get(key);
    if (slot !== undefined) {
      this.#slots.delete(key);
      this.#bytes -= slot.bytes;
    }
  }

  clear(): void {
    this.#slots.clear();
    this.#bytes = 0;
  }

  #evict(): void {
    while (this.#slots.size > this.#maxEntries || this.#bytes > this.#maxBytes) {
      // Ends: once every entry had its second chance, the oldest is unmarked and goes.
      for (const [key, slot] of this.#slots) {
        this.#slots.delete(key);
        if (slot.used) {
          slot.used = false;
          this.#slots.set(key, slot);
        } else {
          this.#bytes -= slot.bytes;
          break;
        }
      }
    }
  }
}
