import type { Counter } from 'prom-client';
import type { Logger } from '../logger.js';
import type { WriteOperation } from '../pictures/write-access.js';
import type { Principal } from './principal.js';
import type { RefusalReason } from './refusal-reason.js';

/** Who asked and for which session: what every audit line carries. Never the token, never an image. */
export interface Actor {
  readonly principal: Principal | null;
  /** The session the request asked for (or was given by default); null when it named none and had no default. */
  readonly session: string | null;
}

// Header values and ids come from the caller: keep what a log line carries of them short.
const clip = (value: string | null, length: number) => (value === null ? null : value.slice(0, length));

/**
 * The audit trail: one line per refused request and one per write attempt, with the principal's
 * subject and tenant, the session, the target group and the outcome; refusals are also counted in
 * `picture_auth_refusals_total{reason}`.
 */
export class AccessAudit {
  readonly #logger: Logger;
  readonly #refusals: Counter<'reason'>;

  constructor(logger: Logger, refusals: Counter<'reason'>) {
    this.#logger = logger;
    this.#refusals = refusals;
  }

  /** The same audit, writing with one request's logger (its lines carry the request id). */
  withLogger(logger: Logger): AccessAudit {
    return new AccessAudit(logger, this.#refusals);
  }

  /** A request refused before any provider call (logged once per request by the caller). */
  refused(actor: Actor, reason: RefusalReason): void {
    this.#refusals.inc({ reason });
    this.#logger.warn('audit: picture access refused', { ...who(actor), outcome: 'refused', reason });
  }

  /** A write attempt and how it ended: CHANGED, a user-error code, or the GraphQL error code it failed with. */
  write(actor: Actor, operation: WriteOperation, groupId: string, outcome: string, reason: RefusalReason | null): void {
    if (reason !== null) {
      this.#refusals.inc({ reason });
    }
    const fields = { ...who(actor), operation, groupId: clip(groupId, 128), outcome, ...(reason === null ? {} : { reason }) };
    if (outcome === 'CHANGED') {
      this.#logger.info('audit: group picture write', fields);
    } else {
      this.#logger.warn('audit: group picture write', fields);
    }
  }
}

function who(actor: Actor): Record<string, unknown> {
  return {
    subject: clip(actor.principal?.subject ?? null, 256),
    tenant: clip(actor.principal?.tenant ?? null, 256),
    session: clip(actor.session, 64),
  };
}
