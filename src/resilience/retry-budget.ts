import { SlidingCounts } from './sliding-window.js';

/**
 * Caps retries at a share of the calls, so that retries can never multiply the load on a provider
 * that is already failing: over the sliding window, retries stay at or below `percent` % of the
 * reads started (the one being retried counts among them). There is no reserve: a session needs
 * five reads in the window before its first retry at 20 %, and a budget of 0 never retries.
 */
export class RetryBudget {
  readonly #percent: number;
  readonly #window: SlidingCounts<'calls' | 'retries'>;

  constructor(options: { percent: number; windowMs: number; now: () => number }) {
    this.#percent = options.percent;
    this.#window = new SlidingCounts({ windowMs: options.windowMs, now: options.now });
  }

  /** Counts a read that was started (its first attempt). */
  recordCall(): void {
    this.#window.add('calls');
  }

  /** Takes one retry from the budget, or says there is none left. */
  tryRetry(): boolean {
    const retries = this.#window.count('retries');
    if ((retries + 1) * 100 > this.#window.count('calls') * this.#percent) {
      return false;
    }
    this.#window.add('retries');
    return true;
  }
}
