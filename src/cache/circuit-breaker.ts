/**
 * Stops calling a dependency that keeps failing, so that during an outage requests pay nothing for
 * it. After `failureThreshold` failures in a row it opens for `openMs`; then one call is let
 * through as a probe, and its outcome closes the breaker or opens it again.
 */
export class CircuitBreaker {
  readonly #failureThreshold: number;
  readonly #openMs: number;
  readonly #now: () => number;
  #failures = 0;
  #openUntil = 0;
  #probing = false;

  constructor(options: { failureThreshold: number; openMs: number; now?: () => number }) {
    this.#failureThreshold = options.failureThreshold;
    this.#openMs = options.openMs;
    this.#now = options.now ?? Date.now;
  }

  get state(): 'closed' | 'open' | 'half-open' {
    if (this.#failures < this.#failureThreshold) {
      return 'closed';
    }
    return this.#now() < this.#openUntil ? 'open' : 'half-open';
  }

  /** Whether a call may go out now; in half-open state only one probe at a time may. */
  allows(): boolean {
    const state = this.state;
    if (state === 'closed') {
      return true;
    }
    if (state === 'open' || this.#probing) {
      return false;
    }
    this.#probing = true;
    return true;
  }

  succeeded(): void {
    this.#failures = 0;
    this.#probing = false;
  }

  failed(): void {
    this.#failures += 1;
    this.#probing = false;
    if (this.#failures >= this.#failureThreshold) {
      this.#openUntil = this.#now() + this.#openMs;
    }
  }
}
