import { AppError, type ErrorExtensions } from '../errors.js';

export interface PauseSettings {
  /** How long a 429 without a readable `Retry-After` pauses the session; 0: not at all. */
  readonly rateLimitPauseMs: number;
  /** The longest pause one answer can impose. */
  readonly maxPauseMs: number;
}

/**
 * A session the provider told to wait: until then its calls are refused without asking the
 * provider. Only what the provider said pauses a session — a 429 (for `Retry-After`, or for a short
 * default when it gives none) and a 503 with `Retry-After` — and never longer than `maxPauseMs`.
 * Process-local like the breaker: each replica learns it from its own calls.
 */
export class SessionPause {
  readonly #settings: PauseSettings;
  readonly #now: () => number;
  #until = 0;

  constructor(settings: PauseSettings, now: () => number) {
    this.#settings = settings;
    this.#now = now;
  }

  /** When the pause ends; null when the session is not paused. */
  get until(): Date | null {
    return this.#now() < this.#until ? new Date(this.#until) : null;
  }

  /**
   * Pauses the session if `error` is the provider asking us to wait, and returns when the
   * session's pause ends (null: it did not ask, or asked for no time). A later end than the current
   * one extends the pause; an earlier one never shortens it.
   */
  pauseFor(error: unknown): Date | null {
    const end = this.#endFor(error);
    if (end === null || end <= this.#now()) {
      return null;
    }
    this.#until = Math.max(this.#until, end);
    return new Date(this.#until);
  }

  #endFor(error: unknown): number | null {
    // A Refusal (a write's RATE_LIMITED) is about that group; the writer holds the group, not the session.
    if (!(error instanceof AppError)) {
      return null;
    }
    const now = this.#now();
    if (error.retryAt !== null) {
      return Math.min(error.retryAt.getTime(), now + this.#settings.maxPauseMs);
    }
    if (error.code === 'UPSTREAM_RATE_LIMITED' && this.#settings.rateLimitPauseMs > 0) {
      return now + this.#settings.rateLimitPauseMs;
    }
    return null;
  }
}

/** What a client is told about when to try again: the time, and the seconds until then (at least 1). */
export function retryExtensions(retryAt: Date, now: number): ErrorExtensions {
  return { retryAt: retryAt.toISOString(), retryAfterSeconds: Math.max(1, Math.ceil((retryAt.getTime() - now) / 1000)) };
}
