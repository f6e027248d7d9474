import type { BreakerSettings } from '../config/resilience.js';
import { SlidingCounts } from './sliding-window.js';

export type BreakerState = 'closed' | 'open' | 'half_open';

/** How one call came out, as far as the breaker cares (see `call-outcome.ts` for what counts as what). */
export type BreakerVerdict = 'success' | 'failure' | 'neutral';

/** Leave to make one call; hand it back with the call's verdict. */
export interface BreakerPermit {
  readonly probe: boolean;
  /** The breaker's generation when the permit was given: a verdict from an older one is stale. */
  readonly generation: number;
}

/**
 * A circuit breaker that judges a failure rate, not a streak: closed, it counts calls and failures
 * over a sliding window and opens once at least `minCalls` calls were made and `failureRatePercent`
 * of them failed. Open, it refuses every call for `openMs`. Then it is half-open: up to
 * `halfOpenProbes` calls at a time go through; the first success closes it (with a clean window),
 * a failure opens it again. Neutral verdicts (rate limits, refused credentials) neither count nor
 * decide; a neutral probe gives its slot back.
 *
 * Every change of state bumps a generation, so a slow call that started under an older state
 * cannot close or reopen the breaker by finishing late.
 */
export class FailureRateBreaker {
  readonly #settings: BreakerSettings;
  readonly #now: () => number;
  readonly #onChange: (state: BreakerState) => void;
  readonly #window: SlidingCounts<'calls' | 'failures'>;
  #state: BreakerState = 'closed';
  #generation = 0;
  #openUntil = 0;
  #probesInFlight = 0;

  constructor(settings: BreakerSettings, options: { now: () => number; onChange?: (state: BreakerState) => void }) {
    this.#settings = settings;
    this.#now = options.now;
    this.#onChange = options.onChange ?? (() => {});
    this.#window = new SlidingCounts({ windowMs: settings.windowMs, now: options.now });
  }

  get state(): BreakerState {
    if (this.#state === 'open' && this.#now() >= this.#openUntil) {
      this.#enter('half_open');
    }
    return this.#state;
  }

  /** When an open breaker starts letting probes through; null unless open. */
  get openUntil(): Date | null {
    return this.state === 'open' ? new Date(this.#openUntil) : null;
  }

  /** Whether a call would be refused now; asks without taking a probe slot. */
  refuses(): boolean {
    const state = this.state;
    return state === 'open' || (state === 'half_open' && this.#probesInFlight >= this.#settings.halfOpenProbes);
  }

  /** A permit for one call, or null when the breaker refuses it. */
  acquire(): BreakerPermit | null {
    const state = this.state;
    if (state === 'closed') {
      return { probe: false, generation: this.#generation };
    }
    if (state === 'open' || this.#probesInFlight >= this.#settings.halfOpenProbes) {
      return null;
    }
    this.#probesInFlight += 1;
    return { probe: true, generation: this.#generation };
  }

  record(permit: BreakerPermit, verdict: BreakerVerdict): void {
    if (permit.generation !== this.#generation) {
      return;
    }
    if (permit.probe) {
      this.#probesInFlight -= 1;
      if (verdict === 'success') {
        this.#enter('closed');
      } else if (verdict === 'failure') {
        this.#open();
      }
      return;
    }
    if (verdict === 'neutral') {
      return;
    }
    this.#window.add('calls');
    if (verdict === 'failure') {
      this.#window.add('failures');
    }
    const calls = this.#window.count('calls');
    if (calls >= this.#settings.minCalls && this.#window.count('failures') * 100 >= calls * this.#settings.failureRatePercent) {
      this.#open();
    }
  }

  #open(): void {
    this.#openUntil = this.#now() + this.#settings.openMs;
    this.#enter('open');
  }

  #enter(state: BreakerState): void {
    this.#state = state;
    this.#generation += 1;
    this.#probesInFlight = 0;
    this.#window.clear();
    this.#onChange(state);
  }
}
