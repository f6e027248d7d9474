/**
 * A clock for the provider gate that tests move instead of waiting: it runs with real time (so
 * whatever else reads Date.now agrees with it) plus however far the test has moved it on.
 */
export class TestClock {
  #offsetMs = 0;

  readonly now = (): number => Date.now() + this.#offsetMs;

  advance(ms: number): void {
    this.#offsetMs += ms;
  }
}
