import { Counter, Histogram, type Registry } from 'prom-client';

/** query, mutation or subscription; `unknown` when the request never got as far as an operation. */
export type OperationType = 'query' | 'mutation' | 'subscription' | 'unknown';

/**
 * `success`: ran without errors; `partial`: ran, some fields failed; `error`: ran (or was about to
 * answer) and has no data; `refused`: stopped before running (bad body, limits, validation, router secret).
 */
export type RequestOutcome = 'success' | 'partial' | 'error' | 'refused';

/** Which limit refused a request before it ran; every one is exported from the start. */
const LIMIT_NAMES = [
  'body_size',
  'document_length',
  'tokens',
  'depth',
  'aliases',
  'directives',
  'fragment_depth',
  'representations',
  'response_size',
] as const;

export type LimitName = (typeof LIMIT_NAMES)[number];

export interface GraphQLMetrics {
  observe(operationType: OperationType, outcome: RequestOutcome, seconds: number): void;
  /** Representations of one request's `_entities` fields, summed. */
  entitiesBatch(size: number): void;
  refused(limit: LimitName): void;
}

// Seconds, like every Prometheus duration: 5 ms (a cached answer) to 10 s (past any provider deadline).
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const BATCH_BUCKETS = [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500];

export function createGraphQLMetrics(registry: Registry): GraphQLMetrics {
  const labelNames = ['operation_type', 'outcome'] as const;
  const requests = new Counter({
    name: 'graphql_requests_total',
    help: 'GraphQL requests answered, by operation type and outcome',
    labelNames,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'graphql_request_duration_seconds',
    help: 'Time from receiving a GraphQL request to the end of its answer, by operation type and outcome',
    labelNames,
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  const batch = new Histogram({
    name: 'graphql_entities_batch_size',
    help: 'Entity representations per request that asks for _entities',
    buckets: BATCH_BUCKETS,
    registers: [registry],
  });
  const refusals = new Counter({
    name: 'graphql_limit_refusals_total',
    help: 'Requests refused before running because they passed a limit, by limit',
    labelNames: ['limit'] as const,
    registers: [registry],
  });
  // Series present from the start, so rate() and alerts work before the first event.
  for (const limit of LIMIT_NAMES) {
    refusals.inc({ limit }, 0);
  }
  for (const operation_type of ['query', 'mutation'] as const) {
    requests.inc({ operation_type, outcome: 'success' }, 0);
  }
  return {
    observe(operationType, outcome, seconds) {
      const labels = { operation_type: operationType, outcome };
      requests.inc(labels);
      duration.observe(labels, seconds);
    },
    entitiesBatch: (size) => batch.observe(size),
    refused: (limit) => refusals.inc({ limit }),
  };
}
