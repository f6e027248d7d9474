import { AppError, Refusal } from '../errors.js';
import { MalformedAnswer } from '../providers/answers.js';
import type { BreakerVerdict } from './failure-rate-breaker.js';

/** How one provider call ended: a bounded label for metrics and logs. */
export type CallOutcome =
  /** A picture, an answer that there is none (NOT_SET, HIDDEN, NONE), or a write done. */
  | 'ok'
  /** A write the provider refused for a reason the caller can act on (NOT_GROUP_ADMIN, INVALID_IMAGE…). */
  | 'refused'
  /** The provider's account is missing or not connected to WhatsApp (UNKNOWN_SESSION, SESSION_NOT_READY). */
  | 'session_unavailable'
  | 'auth_failed'
  | 'rate_limited'
  | 'timeout'
  /** A 5xx, a dead or refused connection, an oversized answer. */
  | 'unavailable'
  /** A success status whose body is not the provider's documented answer. */
  | 'bad_answer'
  /** Not an AppError: a bug of ours, not the provider's. */
  | 'error';

export interface Judgement {
  readonly outcome: CallOutcome;
  /**
   * What the breaker makes of it. Failures say the provider is unwell: timeouts, 5xx, connection
   * failures, garbage. Successes say it answers: pictures, "no picture" answers (GoWA's HTTP 500
   * texts included, which the adapter has already turned into answers) and write refusals.
   * Neutral: rate limits (they pause the session instead), and what failing fast would only hide —
   * refused credentials and a session that is down answer every call at once and identically, and
   * their own codes tell the operator what to fix where UPSTREAM_UNAVAILABLE would not; bugs of ours.
   */
  readonly verdict: BreakerVerdict;
  /** Whether a read that failed this way may be asked once more (time and budget permitting). */
  readonly retryable: boolean;
}

const OK: Judgement = { outcome: 'ok', verdict: 'success', retryable: false };

export function judgeSuccess(): Judgement {
  return OK;
}

/** Judges a failed call by the error the adapter raised, after it mapped the provider's answer. */
export function judgeFailure(error: unknown): Judgement {
  if (error instanceof Refusal) {
    return error.code === 'RATE_LIMITED'
      ? { outcome: 'rate_limited', verdict: 'neutral', retryable: false }
      : { outcome: 'refused', verdict: 'success', retryable: false };
  }
  if (!(error instanceof AppError)) {
    return { outcome: 'error', verdict: 'neutral', retryable: false };
  }
  // A provider that asks us to wait is paused, not judged, and not asked again at once.
  const throttled = error.retryAt !== null;
  switch (error.code) {
    case 'UPSTREAM_TIMEOUT':
      return { outcome: 'timeout', verdict: throttled ? 'neutral' : 'failure', retryable: error.transient && !throttled };
    case 'UPSTREAM_UNAVAILABLE':
      return {
        outcome: error.cause instanceof MalformedAnswer ? 'bad_answer' : 'unavailable',
        verdict: throttled ? 'neutral' : 'failure',
        retryable: error.transient && !throttled,
      };
    case 'UPSTREAM_RATE_LIMITED':
      return { outcome: 'rate_limited', verdict: 'neutral', retryable: false };
    case 'UPSTREAM_AUTH_FAILED':
      return { outcome: 'auth_failed', verdict: 'neutral', retryable: false };
    case 'UNKNOWN_SESSION':
    case 'SESSION_NOT_READY':
      return { outcome: 'session_unavailable', verdict: 'neutral', retryable: false };
    default:
      return { outcome: 'error', verdict: 'neutral', retryable: false };
  }
}
