import { integer, type Env } from './env.js';

/** When a session's circuit breaker opens, and how it tries the provider again. */
export interface BreakerSettings {
  /** Share of failed calls in the window, in percent, at or above which the breaker opens. */
  readonly failureRatePercent: number;
  /** Fewest calls in the window before their failure rate counts: one early failure never opens it. */
  readonly minCalls: number;
  /** The sliding window the failure rate (and the retry budget) is counted over. */
  readonly windowMs: number;
  /** How long an open breaker refuses calls before it lets probes through. */
  readonly openMs: number;
  /** Most probe calls in flight while half-open. */
  readonly halfOpenProbes: number;
}

/** How the subgraph treats its providers: every call goes through the per-session gate these describe. */
export interface UpstreamConfig {
  /** Most provider calls in flight per session, and the size of its connection pool. */
  readonly concurrency: number;
  /** Deadline of one provider call, its retry included. */
  readonly timeoutMs: number;
  readonly breaker: BreakerSettings;
  /** Most read retries, as a percentage of the reads started in the breaker's window; 0: never retry. */
  readonly retryBudgetPercent: number;
  /** How long a 429 without a readable `Retry-After` pauses the session; 0: not at all. */
  readonly rateLimitPauseMs: number;
  /** The longest pause a provider's `Retry-After` can impose (a broken or hostile header cannot stop a session for days). */
  readonly maxPauseMs: number;
}

/** The defaults, also used by gates built without a config (unit tests). */
export const UPSTREAM_DEFAULTS: UpstreamConfig = {
  concurrency: 16,
  timeoutMs: 5_000,
  breaker: { failureRatePercent: 50, minCalls: 10, windowMs: 30_000, openMs: 15_000, halfOpenProbes: 2 },
  retryBudgetPercent: 20,
  rateLimitPauseMs: 5_000,
  maxPauseMs: 300_000,
};

const SECOND = 1_000;

export function upstreamConfig(env: Env): UpstreamConfig {
  const defaults = UPSTREAM_DEFAULTS;
  return {
    concurrency: integer(env, 'UPSTREAM_CONCURRENCY', defaults.concurrency, 1, 1_000),
    timeoutMs: integer(env, 'UPSTREAM_TIMEOUT_MS', defaults.timeoutMs, 1, 120_000),
    breaker: {
      failureRatePercent: integer(env, 'UPSTREAM_BREAKER_FAILURE_PERCENT', defaults.breaker.failureRatePercent, 1, 100),
      minCalls: integer(env, 'UPSTREAM_BREAKER_MIN_CALLS', defaults.breaker.minCalls, 1, 100_000),
      windowMs: integer(env, 'UPSTREAM_BREAKER_WINDOW_SECONDS', defaults.breaker.windowMs / SECOND, 1, 3_600) * SECOND,
      openMs: integer(env, 'UPSTREAM_BREAKER_OPEN_SECONDS', defaults.breaker.openMs / SECOND, 1, 3_600) * SECOND,
      halfOpenProbes: integer(env, 'UPSTREAM_BREAKER_HALF_OPEN_PROBES', defaults.breaker.halfOpenProbes, 1, 100),
    },
    retryBudgetPercent: integer(env, 'UPSTREAM_RETRY_BUDGET_PERCENT', defaults.retryBudgetPercent, 0, 100),
    rateLimitPauseMs: integer(env, 'UPSTREAM_RATE_LIMIT_PAUSE_SECONDS', defaults.rateLimitPauseMs / SECOND, 0, 3_600) * SECOND,
    maxPauseMs: integer(env, 'UPSTREAM_MAX_PAUSE_SECONDS', defaults.maxPauseMs / SECOND, 1, 86_400) * SECOND,
  };
}
