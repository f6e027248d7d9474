import type { BreakerState } from '../resilience/failure-rate-breaker.js';
import type { ProviderGate } from '../resilience/provider-gate.js';
import type { SessionRegistry } from '../sessions.js';
import type { SessionSnapshot } from './provider-metrics.js';

/** What `/ready` says of one session: its provider, its breaker, and the end of a pause the provider asked for. */
export interface SessionCheck {
  readonly provider: string;
  readonly breaker: BreakerState;
  readonly pausedUntil?: string;
}

/** Every configured session's breaker state and pause, for the metrics scrape. */
export function sessionSnapshots(sessions: SessionRegistry, gate: ProviderGate): SessionSnapshot[] {
  return sessions.all().map((session) => {
    const health = gate.health(session);
    return { provider: session.provider.kind, session: session.name, breaker: health.breaker, paused: health.pausedUntil !== null };
  });
}

/** Every configured session's check for `/ready`, by session name. */
export function sessionChecks(sessions: SessionRegistry, gate: ProviderGate): Record<string, SessionCheck> {
  const checks: Record<string, SessionCheck> = {};
  for (const session of sessions.all()) {
    const { breaker, pausedUntil } = gate.health(session);
    checks[session.name] = {
      provider: session.provider.kind,
      breaker,
      ...(pausedUntil === null ? {} : { pausedUntil: pausedUntil.toISOString() }),
    };
  }
  return checks;
}
