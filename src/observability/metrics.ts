import { Counter, Registry } from 'prom-client';
import { REFUSAL_REASONS, type RefusalReason } from '../auth/refusal-reason.js';
import { createProviderMetrics, type ProviderMetrics } from './provider-metrics.js';

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
  return { registry, authRefusals, provider: createProviderMetrics(registry) };
}
