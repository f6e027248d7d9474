import { performance } from 'node:perf_hooks';
import { AppError } from '../errors.js';

/** What the work under a deadline sees of it. */
export interface Deadline {
  /** Aborted with an UPSTREAM_TIMEOUT AppError when the time is up. */
  readonly signal: AbortSignal;
  /** Milliseconds left. */
  remainingMs(): number;
}

/**
 * Runs `work` under one deadline of `timeoutMs`, retries included: at the deadline its signal is
 * aborted and the result is UPSTREAM_TIMEOUT, even against work that ignores its signal. Real time,
 * not the gate's policy clock: this bounds how long a request waits.
 */
export async function withDeadline<T>(timeoutMs: number, work: (deadline: Deadline) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const endsAt = performance.now() + timeoutMs;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new AppError('UPSTREAM_TIMEOUT', `The WhatsApp provider did not answer within ${timeoutMs} ms`);
      controller.abort(error);
      reject(error);
    }, timeoutMs);
  });
  try {
    return await Promise.race([work({ signal: controller.signal, remainingMs: () => endsAt - performance.now() }), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Settles with `work`, or rejects with the signal's reason as soon as it is aborted: work that
 * ignores its signal (provider code, a DNS lookup) still ends at the deadline, so a provider
 * attempt is counted, and its slot in the in-flight gauge given back, then and not never.
 */
export function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    return Promise.reject(signal.reason as Error);
  }
  let onAbort!: () => void;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  return Promise.race([work, aborted]).finally(() => signal.removeEventListener('abort', onAbort));
}
