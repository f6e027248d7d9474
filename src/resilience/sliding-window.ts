const BUCKETS = 10;

interface Bucket {
  /** Which slice of time it counts: floor(time / bucket length). */
  readonly slice: number;
  readonly counts: Map<string, number>;
}

/**
 * Counts events by kind over the last `windowMs`, in ten buckets, so that old events leave the
 * count a tenth of the window at a time and memory stays constant however many events arrive.
 * Time comes from `now`, so tests move a clock instead of waiting.
 */
export class SlidingCounts<K extends string> {
  readonly #bucketMs: number;
  readonly #now: () => number;
  #buckets: Bucket[] = [];

  constructor(options: { windowMs: number; now: () => number }) {
    this.#bucketMs = Math.max(1, options.windowMs / BUCKETS);
    this.#now = options.now;
  }

  add(kind: K, count = 1): void {
    const slice = this.#slice();
    this.#drop(slice);
    let last = this.#buckets.at(-1);
    if (last === undefined || last.slice !== slice) {
      last = { slice, counts: new Map() };
      this.#buckets.push(last);
    }
    last.counts.set(kind, (last.counts.get(kind) ?? 0) + count);
  }

  count(kind: K): number {
    this.#drop(this.#slice());
    let total = 0;
    for (const bucket of this.#buckets) {
      total += bucket.counts.get(kind) ?? 0;
    }
    return total;
  }

  clear(): void {
    this.#buckets = [];
  }

  #slice(): number {
    return Math.floor(this.#now() / this.#bucketMs);
  }

  /** Forgets the buckets that have left the window (and any from a future a clock was moved back from). */
  #drop(slice: number): void {
    this.#buckets = this.#buckets.filter((bucket) => bucket.slice > slice - BUCKETS && bucket.slice <= slice);
  }
}
