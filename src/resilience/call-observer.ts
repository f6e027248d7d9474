import type { CallOutcome } from './call-outcome.js';
import type { BreakerState } from './failure-rate-breaker.js';

/** What a provider call goes out as; bounded label values. */
export type ProviderOperation = 'fetch_picture' | 'set_group_picture' | 'delete_group_picture';

/** Who a call is for: the provider kind and the configured session name (bounded by the config; never a JID or URL). */
export interface CallLabels {
  readonly provider: string;
  readonly session: string;
  readonly operation: ProviderOperation;
}

/** Why a call never went out. */
export type RejectionReason = 'breaker_open' | 'paused';

/** What became of a read's chance to be asked again after a retryable failure. */
export type RetryDecision = 'retried' | 'over_budget' | 'no_time';

/**
 * What the provider gate reports as it works, for metrics. The gate knows nothing of Prometheus;
 * `src/observability/provider-metrics.ts` implements this on the app's registry.
 */
export interface CallObserver {
  /** One request is on its way to the provider (a first attempt or a retry). */
  attemptStarted(labels: CallLabels): void;
  attemptFinished(labels: CallLabels, outcome: CallOutcome, seconds: number): void;
  rejected(labels: CallLabels, reason: RejectionReason): void;
  retry(labels: CallLabels, decision: RetryDecision): void;
  breakerChanged(labels: Omit<CallLabels, 'operation'>, state: BreakerState): void;
}

export const NO_OBSERVER: CallObserver = {
  attemptStarted: () => {},
  attemptFinished: () => {},
  rejected: () => {},
  retry: () => {},
  breakerChanged: () => {},
};
