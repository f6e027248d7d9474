/**
 * A process-wide table of fetches in progress, by key: a request that needs a picture somebody is
 * already fetching waits for that fetch instead of starting its own.
 *
 * The owner of a flight decides when it leaves the table (after its cache write, so that no request
 * falls into the gap between "fetched" and "cached"); a failed flight leaves at once, because
 * errors are never shared beyond the requests that were already waiting.
 */
export class SingleFlight<T> {
  readonly #flights = new Map<string, Promise<T>>();

  get size(): number {
    return this.#flights.size;
  }

  get(key: string): Promise<T> | undefined {
    return this.#flights.get(key);
  }

  /** Starts a flight under `key`; the caller must `release` it once its result is cached. */
  start(key: string, fetch: () => Promise<T>): Promise<T> {
    const flight = fetch();
    this.#flights.set(key, flight);
    flight.catch(() => this.release(key, flight));
    return flight;
  }

  /**
   * Takes whatever flight runs under `key` off the table, so that later requests start their own:
   * the data it is fetching is known to be out of date. Its current waiters still get its result.
   */
  forget(key: string): void {
    this.#flights.delete(key);
  }

  release(key: string, flight: Promise<T>): void {
    if (this.#flights.get(key) === flight) {
      this.#flights.delete(key);
    }
  }
}
