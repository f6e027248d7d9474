import { Counter, Registry } from 'prom-client';
import { REFUSAL_REASONS, type RefusalReason } from '../auth/refusal-reason.js';
import { createCacheMetrics, type CacheMetrics } from './cache-metrics.js';
import { createGraphQLMetrics, type GraphQLMetrics } from './graphql-metrics.js';
import { processMetrics } from './process-metrics.js';

/**
 * The Prometheus metrics of one app instance, in a Registry of its own (never prom-client's global
 * one), so that two apps in one process (tests, a blue/green restart) never share or clash over
 * counters. Served at `GET /metrics`. Add metrics here; label values must stay bounded (never a
 * JID, URL, session name or subject).
 */
export interface Metrics {
  readonly registry: Registry;
  /** Requests and writes refused by authentication or the sessions' access rules, by reason. */
  readonly authRefusals: Counter<'reason'>;
  /** GraphQL requests, their latency, `_entities` batch sizes and limit refusals. */
  readonly graphql: GraphQLMetrics;
  /** Picture lookups by cache layer, and cache failures. */
  readonly cache: CacheMetrics;
  /** The text `GET /metrics` serves: this app's series, then the process's. */
  exposition(): Promise<string>;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  const authRefusals = new Counter({
    name: 'picture_auth_refusals_total',
    help: 'Requests and writes refused by authentication or session access rules, by reason',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  // Every reason exported from the start at 0, so rate() and alerts see a series before the first refusal.
  for (const reason of REFUSAL_REASONS) {
    authRefusals.inc({ reason } satisfies { reason: RefusalReason }, 0);
  }
  const graphql = createGraphQLMetrics(registry);
  const cache = createCacheMetrics(registry);
  return {
    registry,
    authRefusals,
    graphql,
    cache,
    exposition: async () => `${await registry.metrics()}\n${await processMetrics().metrics()}`,
  };
}
