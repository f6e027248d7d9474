import { AppError } from '../errors.js';
import type { Session } from '../session.js';
import { ConcurrencyLimiter } from './concurrency-limiter.js';

export interface ProviderGateOptions {
  /** Most provider calls in flight per session (UPSTREAM_CONCURRENCY). */
  readonly concurrency: number;
  /** Deadline of one provider call, from the moment it starts (UPSTREAM_TIMEOUT_MS). */
  readonly timeoutMs: number;
}

/**
 * The way every provider call goes out, reads and writes alike: per session, at most
 * `concurrency` calls in flight (the rest queue in arrival order), and each call aborted at its
 * deadline. The gate never retries: whether a call may be repeated is the caller's decision.
 */
export class ProviderGate {
  readonly #concurrency: number;
  readonly #timeoutMs: number;
  readonly #limiters = new Map<string, ConcurrencyLimiter>();

  constructor(options: ProviderGateOptions) {
    this.#concurrency = options.concurrency;
    this.#timeoutMs = options.timeoutMs;
  }

  call<T>(session: Session, call: (signal: AbortSignal) => Promise<T>): Promise<T> {
    return this.#limiter(session).run(() => this.#withDeadline(call));
  }

  async #withDeadline<T>(call: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const deadline = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    // The race guarantees the deadline even against a provider that ignores its abort signal.
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = new AppError('UPSTREAM_TIMEOUT', `The WhatsApp provider did not answer within ${this.#timeoutMs} ms`);
        deadline.abort(error);
        reject(error);
      }, this.#timeoutMs);
    });
    try {
      return await Promise.race([call(deadline.signal), timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  #limiter(session: Session): ConcurrencyLimiter {
    let limiter = this.#limiters.get(session.identity);
    if (limiter === undefined) {
      limiter = new ConcurrencyLimiter(this.#concurrency);
      this.#limiters.set(session.identity, limiter);
    }
    return limiter;
  }
}
