import { Pool } from 'undici';

/** What one request asks and what its answer must be; a response that fails `check` is counted, never timed as good. */
export interface Workload {
  readonly body: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly check: (status: number, body: string) => boolean;
}

export interface LoadResult {
  readonly requests: number;
  readonly bad: number;
  readonly seconds: number;
  readonly perSecond: number;
  /** Latency of every request, in milliseconds, sorted. */
  readonly latenciesMs: readonly number[];
}

/**
 * A closed-loop load: `concurrency` clients each send their next request as soon as the last one is
 * answered, until `requests` have been sent. `workload` may vary per request (a function of its index).
 */
export async function runLoad(
  /** The GraphQL endpoint. */
  url: string,
  workload: Workload | ((index: number) => Workload),
  options: { requests: number; concurrency: number },
): Promise<LoadResult> {
  const origin = new URL(url);
  const pool = new Pool(origin.origin, { connections: options.concurrency, pipelining: 1 });
  const latencies: number[] = [];
  let next = 0;
  let bad = 0;
  const client = async () => {
    while (next < options.requests) {
      const index = next;
      next += 1;
      const work = typeof workload === 'function' ? workload(index) : workload;
      const started = performance.now();
      try {
        const response = await pool.request({
          method: 'POST',
          path: origin.pathname,
          headers: { 'content-type': 'application/json', ...work.headers },
          body: work.body,
        });
        const text = await response.body.text();
        if (!work.check(response.statusCode, text)) {
          bad += 1;
        }
      } catch {
        bad += 1;
      }
      latencies.push(performance.now() - started);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: options.concurrency }, client));
  const seconds = (performance.now() - started) / 1000;
  await pool.close();
  latencies.sort((a, b) => a - b);
  return { requests: options.requests, bad, seconds, perSecond: options.requests / seconds, latenciesMs: latencies };
}

export function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? Number.NaN;
}
