import { Counter, Registry } from 'prom-client';
import { REFUSAL_REASONS, type RefusalReason } from '../auth/refusal-reason.js';
import { INVALIDATION_OUTCOMES, type InvalidationOutcome } from '../router/invalidation-outcome.js';
import { WEBHOOK_OUTCOMES, WEBHOOK_PROVIDERS, type WebhookOutcome, type WebhookProvider } from '../webhooks/webhook-outcome.js';
import { createProviderMetrics, type ProviderMetrics } from './provider-metrics.js';
import { createCacheMetrics, type CacheMetrics } from './cache-metrics.js';
import { createGraphQLMetrics, type GraphQLMetrics } from './graphql-metrics.js';
import { processMetrics } from './process-metrics.js';

/**
 * The Prometheus metrics of one app instance, in a Registry of its own (never prom-client's global
 * one), so that two apps in one process (tests, a blue/green restart) never share or clash over
 * counters. Served at `GET /metrics`. Add metrics here; label values must stay bounded: never a
 * JID, URL or subject, and a session name only where it names a configured session (never a
 * name a caller sent, which is why the refusal counter has none).
 */
export interface Metrics {
  readonly registry: Registry;
  /** Requests and writes refused by authentication or the sessions' access rules, by reason. */
  readonly authRefusals: Counter<'reason'>;
  /** Provider calls, their outcomes and latency, rejections, retries, breaker state, per session. */
  readonly provider: ProviderMetrics;
  /** Webhook deliveries by the session's provider and what came of them. */
  readonly webhookEvents: Counter<'provider' | 'outcome'>;
  /** POSTs to the router's invalidation endpoint, by outcome. */
  readonly routerInvalidations: Counter<'outcome'>;
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
  const webhookEvents = new Counter({
    name: 'picture_webhook_events_total',
    help: 'Provider webhook deliveries by provider and outcome',
    labelNames: ['provider', 'outcome'] as const,
    registers: [registry],
  });
  for (const provider of WEBHOOK_PROVIDERS) {
    // A delivery no session took has no provider, and comes to nothing but `not_found`.
    for (const outcome of provider === 'none' ? (['not_found'] as const) : WEBHOOK_OUTCOMES) {
      webhookEvents.inc({ provider, outcome } satisfies { provider: WebhookProvider; outcome: WebhookOutcome }, 0);
    }
  }
  const routerInvalidations = new Counter({
    name: 'picture_router_invalidations_total',
    help: "POSTs to the router's response-cache invalidation endpoint by outcome",
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  for (const outcome of INVALIDATION_OUTCOMES) {
    routerInvalidations.inc({ outcome } satisfies { outcome: InvalidationOutcome }, 0);
  }
  return {
    registry,
    authRefusals,
    provider: createProviderMetrics(registry),
    webhookEvents,
    routerInvalidations,
    graphql: createGraphQLMetrics(registry),
    cache: createCacheMetrics(registry),
    exposition: async () => `${await registry.metrics()}\n${await processMetrics().metrics()}`,
  };
}
