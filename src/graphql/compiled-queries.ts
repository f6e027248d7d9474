import type { CompiledQuery } from 'graphql-jit';

/** What one document compiled to: its compiled query, or why it stays with graphql-js. */
export type Compilation = { readonly compiled: CompiledQuery } | { readonly failed: string };

/**
 * The compiled queries of the documents seen last, least recently used first out. A router sends a
 * few dozen distinct operations, but anybody who can reach the endpoint can send endless distinct
 * documents: each compiled query holds generated code (about 16 KB of heap), so the number kept is
 * bounded, and a document pushed out is compiled again when it comes back.
 */
export class CompiledQueries {
  readonly #entries = new Map<string, Compilation>();
  readonly #maxDocuments: number;

  constructor(maxDocuments: number) {
    if (!Number.isInteger(maxDocuments) || maxDocuments < 1) {
      throw new RangeError(`maxDocuments must be a positive integer, got ${maxDocuments}`);
    }
    this.#maxDocuments = maxDocuments;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The compilation of `key`, compiled by `compile` on a miss. */
  get(key: string, compile: () => Compilation): Compilation {
    let entry = this.#entries.get(key);
    if (entry === undefined) {
      entry = compile();
      if (this.#entries.size >= this.#maxDocuments) {
        // A Map iterates in insertion order and a hit re-inserts: the first key is the least recently used.
        const oldest = this.#entries.keys().next();
        if (oldest.done !== true) {
          this.#entries.delete(oldest.value);
        }
      }
    } else {
      this.#entries.delete(key);
    }
    this.#entries.set(key, entry);
    return entry;
  }
}
