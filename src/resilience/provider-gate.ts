import { performance } from 'node:perf_hooks';
import { UPSTREAM_DEFAULTS, type UpstreamConfig } from '../config/resilience.js';
import { AppError, Refusal } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Session } from '../session.js';
import { judgeFailure, judgeSuccess, type Judgement } from './call-outcome.js';
import { NO_OBSERVER, type CallLabels, type CallObserver, type ProviderOperation, type RejectionReason } from './call-observer.js';
import { ConcurrencyLimiter } from './concurrency-limiter.js';
import { untilAborted, withDeadline, type Deadline } from './deadline.js';
import { FailureRateBreaker, type BreakerState } from './failure-rate-breaker.js';
import { RetryBudget } from './retry-budget.js';
import { retryExtensions, SessionPause } from './session-pause.js';
import { transportCode } from './transport-code.js';

/** The settings of the gate beyond concurrency and deadline; the config's by default. */
export type GatePolicy = Pick<UpstreamConfig, 'breaker' | 'retryBudgetPercent' | 'rateLimitPauseMs' | 'maxPauseMs'>;

export interface ProviderGateOptions {
  /** Most provider calls in flight per session (UPSTREAM_CONCURRENCY). */
  readonly concurrency: number;
  /** Deadline of one provider call, its retry included, from the moment it starts (UPSTREAM_TIMEOUT_MS). */
  readonly timeoutMs: number;
  readonly policy?: GatePolicy;
  readonly observer?: CallObserver;
  readonly logger?: Logger;
  /** The clock of the windows, pauses and open periods (tests move it); deadlines run on real time. */
  readonly now?: () => number;
}

/** What `/ready` and the metrics say about a session. */
export interface SessionHealth {
  readonly breaker: BreakerState;
  /** When the provider's pause of the session ends; null when it is not paused. */
  readonly pausedUntil: Date | null;
}

/** Everything the gate keeps per session (per provider account): process-local, never shared between replicas. */
interface Guard {
  readonly limiter: ConcurrencyLimiter;
  readonly breaker: FailureRateBreaker;
  readonly budget: RetryBudget;
  readonly pause: SessionPause;
}

const TIMED_OUT: Judgement = { outcome: 'timeout', verdict: 'failure', retryable: false };

const SILENT: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/**
 * The one way every provider call goes out, reads and writes alike, per session:
 *
 *   pause → bulkhead (UPSTREAM_CONCURRENCY, the rest queue) → breaker → deadline → adapter
 *
 * A session the provider told to wait (429, or 503 with `Retry-After`) is refused at once with
 * UPSTREAM_RATE_LIMITED (writes: a RATE_LIMITED refusal) until the time it gave. An open breaker
 * refuses with UPSTREAM_UNAVAILABLE. Both are checked before a call queues and again when it gets
 * its slot, so nothing that waited in the queue slips out after the provider asked for quiet.
 *
 * The breaker judges each call after the adapter has mapped the answer (`call-outcome.ts`), so an
 * answer that travels as an HTTP error (GoWA's "no picture" 500) is an answer, not a failure.
 * A read whose failure is of the moment is asked once more, within the same deadline, when the
 * remaining time is at least what the failed attempt took and the retry budget allows; half-open
 * probes and writes never are.
 */
export class ProviderGate {
  readonly #concurrency: number;
  readonly #timeoutMs: number;
  readonly #policy: GatePolicy;
  readonly #observer: CallObserver;
  readonly #logger: Logger;
  readonly #now: () => number;
  readonly #guards = new Map<string, Guard>();

  constructor(options: ProviderGateOptions) {
    this.#concurrency = options.concurrency;
    this.#timeoutMs = options.timeoutMs;
    this.#policy = options.policy ?? UPSTREAM_DEFAULTS;
    this.#observer = options.observer ?? NO_OBSERVER;
    this.#logger = options.logger ?? SILENT;
    this.#now = options.now ?? Date.now;
  }

  /** A read (a picture): retried once for a failure of the moment, within budget and deadline. */
  read<T>(session: Session, call: (signal: AbortSignal) => Promise<T>, log: Logger = this.#logger): Promise<T> {
    return this.#call(session, 'fetch_picture', call, log);
  }

  /** A write: never retried, since a provider that lost the connection may still have made the change. */
  write<T>(
    session: Session,
    operation: Exclude<ProviderOperation, 'fetch_picture'>,
    call: (signal: AbortSignal) => Promise<T>,
    log: Logger = this.#logger,
  ): Promise<T> {
    return this.#call(session, operation, call, log);
  }

  /**
   * Throws what a call would be refused with right now (paused, or the breaker open), without
   * calling: lets a write refuse before it fetches and normalises an image for nothing.
   */
  admit(session: Session, operation: ProviderOperation): void {
    this.#refuseIfStopped(this.#guard(session), labelsOf(session, operation));
  }

  health(session: Session): SessionHealth {
    const guard = this.#guard(session);
    return { breaker: guard.breaker.state, pausedUntil: guard.pause.until };
  }

  /** `log` is the logger of the request that made the call, so its failure lines carry its request id. */
  async #call<T>(session: Session, operation: ProviderOperation, call: (signal: AbortSignal) => Promise<T>, log: Logger): Promise<T> {
    const guard = this.#guard(session);
    const labels = labelsOf(session, operation);
    this.#refuseIfStopped(guard, labels);
    return guard.limiter.run(() => this.#through(guard, labels, call, log));
  }

  async #through<T>(guard: Guard, labels: CallLabels, call: (signal: AbortSignal) => Promise<T>, log: Logger): Promise<T> {
    this.#refuseIfStopped(guard, labels);
    const permit = guard.breaker.acquire();
    if (permit === null) {
      throw this.#rejection(labels, 'breaker_open', null);
    }
    const read = labels.operation === 'fetch_picture';
    if (read) {
      guard.budget.recordCall();
    }
    try {
      const value = await withDeadline(this.#timeoutMs, (deadline) =>
        this.#attempts(guard, labels, call, deadline, read && !permit.probe, log),
      );
      guard.breaker.record(permit, 'success');
      return value;
    } catch (error) {
      guard.breaker.record(permit, judgeFailure(error).verdict);
      throw this.#pauseIfAsked(guard, labels, error);
    }
  }

  /** The call, and at most one retry of it. Each attempt is counted, timed and, when it failed, logged once. */
  async #attempts<T>(
    guard: Guard,
    labels: CallLabels,
    call: (signal: AbortSignal) => Promise<T>,
    deadline: Deadline,
    mayRetry: boolean,
    log: Logger,
  ): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      const started = performance.now();
      this.#observer.attemptStarted(labels);
      try {
        const value = await untilAborted(call(deadline.signal), deadline.signal);
        // An answer that arrives after the deadline reached nobody: it counts as the timeout it was.
        this.#finished(labels, deadline.signal.aborted ? TIMED_OUT : judgeSuccess(), started, attempt, null, log);
        return value;
      } catch (error) {
        const judgement = deadline.signal.aborted ? TIMED_OUT : judgeFailure(error);
        this.#finished(labels, judgement, started, attempt, error, log);
        if (attempt > 1 || !mayRetry || !judgement.retryable || deadline.signal.aborted) {
          throw error;
        }
        // A retry that cannot finish in time only adds load: it needs at least what the failed attempt took.
        if (deadline.remainingMs() < performance.now() - started) {
          this.#observer.retry(labels, 'no_time');
          throw error;
        }
        if (!guard.budget.tryRetry()) {
          this.#observer.retry(labels, 'over_budget');
          throw error;
        }
        this.#observer.retry(labels, 'retried');
      }
    }
  }

  #finished(labels: CallLabels, judgement: Judgement, started: number, attempt: number, error: unknown, log: Logger): void {
    const ms = performance.now() - started;
    this.#observer.attemptFinished(labels, judgement.outcome, ms / 1000);
    if (judgement.outcome === 'ok' || judgement.outcome === 'refused') {
      return;
    }
    // Our own messages only (status, provider, never a body or URL), and never the JID.
    const fields = { ...labels, outcome: judgement.outcome, attempt, ms: Math.round(ms) };
    if (judgement.outcome === 'error') {
      log.error('provider call failed unexpectedly', { ...fields, error });
      return;
    }
    const detail = error instanceof AppError || error instanceof Refusal ? { code: error.code, reason: error.message } : {};
    // The transport failure under the AppError, if any.
    const transport = error instanceof Error ? transportCode(error.cause) : undefined;
    log.warn('provider call failed', { ...fields, ...detail, ...(transport === undefined ? {} : { transport }) });
  }

  #refuseIfStopped(guard: Guard, labels: CallLabels): void {
    const pausedUntil = guard.pause.until;
    if (pausedUntil !== null) {
      throw this.#rejection(labels, 'paused', pausedUntil);
    }
    if (guard.breaker.refuses()) {
      throw this.#rejection(labels, 'breaker_open', null);
    }
  }

  #rejection(labels: CallLabels, reason: RejectionReason, pausedUntil: Date | null): Error {
    this.#observer.rejected(labels, reason);
    if (pausedUntil === null) {
      return new AppError(
        'UPSTREAM_UNAVAILABLE',
        `The WhatsApp provider (${labels.provider}) keeps failing; it is not being called for now`,
      );
    }
    const message = `The WhatsApp provider (${labels.provider}) asked us to wait; this session is paused until ${pausedUntil.toISOString()}`;
    if (labels.operation !== 'fetch_picture') {
      return new Refusal('RATE_LIMITED', message, { retryAt: pausedUntil });
    }
    return new AppError('UPSTREAM_RATE_LIMITED', message, { retryAt: pausedUntil, extensions: retryExtensions(pausedUntil, this.#now()) });
  }

  /** Pauses the session when the failure asks for it, and tells the caller until when. */
  #pauseIfAsked(guard: Guard, labels: CallLabels, error: unknown): unknown {
    const until = guard.pause.pauseFor(error);
    if (until === null || !(error instanceof AppError)) {
      return error;
    }
    this.#logger.warn('provider asked us to wait; session paused', {
      provider: labels.provider,
      session: labels.session,
      until: until.toISOString(),
    });
    return new AppError(error.code, error.message, { cause: error, retryAt: until, extensions: retryExtensions(until, this.#now()) });
  }

  #guard(session: Session): Guard {
    let guard = this.#guards.get(session.identity);
    if (guard === undefined) {
      const labels = { provider: session.provider.kind, session: session.name };
      const { breaker, retryBudgetPercent } = this.#policy;
      guard = {
        limiter: new ConcurrencyLimiter(this.#concurrency),
        breaker: new FailureRateBreaker(breaker, { now: this.#now, onChange: (state) => this.#breakerChanged(labels, state) }),
        budget: new RetryBudget({ percent: retryBudgetPercent, windowMs: breaker.windowMs, now: this.#now }),
        pause: new SessionPause(this.#policy, this.#now),
      };
      this.#guards.set(session.identity, guard);
    }
    return guard;
  }

  #breakerChanged(labels: Omit<CallLabels, 'operation'>, state: BreakerState): void {
    this.#observer.breakerChanged(labels, state);
    if (state === 'open') {
      this.#logger.warn('provider keeps failing; breaker open, failing fast', { ...labels, seconds: this.#policy.breaker.openMs / 1000 });
    } else {
      this.#logger.info(state === 'closed' ? 'provider answers again; breaker closed' : 'breaker half-open; probing the provider', labels);
    }
  }
}

function labelsOf(session: Session, operation: ProviderOperation): CallLabels {
  return { provider: session.provider.kind, session: session.name, operation };
}
