import type { Cache, ValueCache, ValueCodec, ValueEntry } from './cache.js';

/** The typed view of `cache`: its own lane when it keeps values as they are, else the codec over its strings. */
export function valueCache<V>(cache: Cache, codec: ValueCodec<V>): ValueCache<V> {
  return cache.values?.(codec) ?? new EncodedValueCache(cache, codec);
}

/** Typed values over a string cache (Redis): encoded once per write, decoded once per value read. */
class EncodedValueCache<V> implements ValueCache<V> {
  readonly #cache: Cache;
  readonly #codec: ValueCodec<V>;

  constructor(cache: Cache, codec: ValueCodec<V>) {
    this.#cache = cache;
    this.#codec = codec;
  }

  async getMany(keys: readonly string[]): Promise<Array<V | undefined>> {
    const texts = await this.#cache.getMany(keys);
    return texts.map((text) => (text === undefined ? undefined : this.#codec.decode(text)));
  }

  async setMany(entries: readonly ValueEntry<V>[]): Promise<void> {
    await this.#cache.setMany(entries.map((entry) => ({ ...entry, value: this.#codec.encode(entry.value) })));
  }
}
