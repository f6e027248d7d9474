import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { CallLabels, CallObserver, RejectionReason, RetryDecision } from '../resilience/call-observer.js';
import type { CallOutcome } from '../resilience/call-outcome.js';
import type { BreakerState } from '../resilience/failure-rate-breaker.js';

const BREAKER_STATES: readonly BreakerState[] = ['closed', 'half_open', 'open'];

/** One configured session as the scrape sees it. */
export interface SessionSnapshot {
  readonly provider: string;
  readonly session: string;
  readonly breaker: BreakerState;
  readonly paused: boolean;
}

/** The provider-call metrics of one app, and the gate observer that feeds them. */
export interface ProviderMetrics extends CallObserver {
  /** Where the breaker-state and pause gauges read each configured session at scrape time. */
  watchSessions(snapshot: () => readonly SessionSnapshot[]): void;
}

/**
 * Provider calls in the app's own registry. Labels: `provider` (the kind), `session` (a configured
 * session's name — bounded by the config, never a caller's input), `operation`, `outcome`,
 * `reason`, `decision`, `state`: all from fixed sets. Never a JID or URL.
 */
export function createProviderMetrics(registry: Registry): ProviderMetrics {
  const calls = new Counter({
    name: 'picture_provider_calls_total',
    help: 'Requests sent to a provider (first attempts and retries), by how they ended',
    labelNames: ['provider', 'session', 'operation', 'outcome'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'picture_provider_call_duration_seconds',
    help: 'How long one request to a provider took, by how it ended',
    labelNames: ['provider', 'session', 'operation', 'outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const inFlight = new Gauge({
    name: 'picture_provider_calls_in_flight',
    help: 'Requests to a provider under way now',
    labelNames: ['provider', 'session'] as const,
    registers: [registry],
  });
  const rejected = new Counter({
    name: 'picture_provider_calls_rejected_total',
    help: 'Calls refused without asking the provider: its breaker was open, or it had asked us to wait',
    labelNames: ['provider', 'session', 'operation', 'reason'] as const,
    registers: [registry],
  });
  const retries = new Counter({
    name: 'picture_provider_retries_total',
    help: 'Reads that failed in a retryable way: retried, or not for lack of retry budget or time',
    labelNames: ['provider', 'session', 'decision'] as const,
    registers: [registry],
  });
  const transitions = new Counter({
    name: 'picture_provider_breaker_transitions_total',
    help: 'Changes of a session breaker state, by the state entered',
    labelNames: ['provider', 'session', 'state'] as const,
    registers: [registry],
  });
  let snapshot: () => readonly SessionSnapshot[] = () => [];
  new Gauge({
    name: 'picture_provider_breaker_state',
    help: 'The breaker state of each session: 1 for the state it is in, 0 for the others',
    labelNames: ['provider', 'session', 'state'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const { provider, session, breaker } of snapshot()) {
        for (const state of BREAKER_STATES) {
          this.set({ provider, session, state }, state === breaker ? 1 : 0);
        }
      }
    },
  });
  new Gauge({
    name: 'picture_provider_session_paused',
    help: 'Whether a session is paused because its provider asked us to wait (429, or 503 with Retry-After)',
    labelNames: ['provider', 'session'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const { provider, session, paused } of snapshot()) {
        this.set({ provider, session }, paused ? 1 : 0);
      }
    },
  });

  return {
    attemptStarted: ({ provider, session }: CallLabels) => inFlight.inc({ provider, session }),
    attemptFinished: (labels: CallLabels, outcome: CallOutcome, seconds: number) => {
      inFlight.dec({ provider: labels.provider, session: labels.session });
      calls.inc({ ...labels, outcome });
      duration.observe({ ...labels, outcome }, seconds);
    },
    rejected: (labels: CallLabels, reason: RejectionReason) => rejected.inc({ ...labels, reason }),
    retry: ({ provider, session }: CallLabels, decision: RetryDecision) => retries.inc({ provider, session, decision }),
    breakerChanged: ({ provider, session }, state: BreakerState) => transitions.inc({ provider, session, state }),
    watchSessions: (source) => {
      snapshot = source;
    },
  };
}
