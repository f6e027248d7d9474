import { integer, type Env } from './env.js';

/** How the subgraph treats its providers. */
export interface UpstreamConfig {
  /** Most provider calls in flight per session, and the size of its connection pool. */
  readonly concurrency: number;
  /** Deadline of one provider call. */
  readonly timeoutMs: number;
}

export function upstreamConfig(env: Env): UpstreamConfig {
  return {
    concurrency: integer(env, 'UPSTREAM_CONCURRENCY', 16, 1, 1_000),
    timeoutMs: integer(env, 'UPSTREAM_TIMEOUT_MS', 5_000, 1, 120_000),
  };
}
