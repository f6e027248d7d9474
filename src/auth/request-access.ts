import { AppError, Refusal } from '../errors.js';
import type { Session } from '../session.js';
import type { WriteAccess, WriteOperation } from '../pictures/write-access.js';
import type { AccessAudit, Actor } from './access-audit.js';
import type { Principal } from './principal.js';
import type { RefusalReason } from './refusal-reason.js';

/** What was decided for one request, before any resolver ran. */
export type AccessDecision =
  | {
      readonly kind: 'allowed';
      readonly session: Session;
      /** null: it may write too; otherwise why not. */
      readonly writeRefused: { readonly shown: Refusal | AppError; readonly reason: RefusalReason } | null;
    }
  | {
      readonly kind: 'refused';
      /** What each `picture` field fails with. */
      readonly readError: AppError;
      /** What each mutation answers: a NOT_AUTHORIZED user error, or a GraphQL error. */
      readonly writeError: Refusal | AppError;
      /** null for refusals that are not about authorization (an unknown session under AUTH_MODE=none). */
      readonly reason: RefusalReason | null;
    };

/**
 * What one request may do, decided once in the context and consulted by every field. A refused read
 * is audited the first time a field needs the session (a request that only asks `_service { sdl }`
 * is not a refusal), and once per request however many fields fail with it.
 */
export class RequestAccess implements WriteAccess {
  readonly #actor: Actor;
  readonly #decision: AccessDecision;
  readonly #audit: AccessAudit;
  #refusalAudited = false;

  constructor(actor: Actor, decision: AccessDecision, audit: AccessAudit) {
    this.#actor = actor;
    this.#decision = decision;
    this.#audit = audit;
  }

  get principal(): Principal | null {
    return this.#actor.principal;
  }

  /** The session `picture` fields read from; throws the AppError each of them fails with. */
  readSession(): Session {
    const decision = this.#decision;
    if (decision.kind === 'allowed') {
      return decision.session;
    }
    if (decision.reason !== null && !this.#refusalAudited) {
      this.#refusalAudited = true;
      this.#audit.refused(this.#actor, decision.reason);
    }
    throw decision.readError;
  }

  /** The session mutations write to, or the refusal they answer (a GraphQL error is thrown); a refusal is audited with its reason. */
  writeSession(operation: WriteOperation, groupId: string): Session | Refusal {
    const decision = this.#decision;
    let refused: { readonly shown: Refusal | AppError; readonly reason: RefusalReason | null };
    if (decision.kind === 'refused') {
      refused = { shown: decision.writeError, reason: decision.reason };
    } else if (decision.writeRefused !== null) {
      refused = decision.writeRefused;
    } else {
      return decision.session;
    }
    const { shown, reason } = refused;
    if (reason !== null) {
      // Reads this request makes afterwards need no second refusal line.
      this.#refusalAudited = true;
    }
    this.#audit.write(this.#actor, operation, groupId, shown.code, reason);
    if (shown instanceof AppError) {
      throw shown;
    }
    return shown;
  }

  auditWrite(operation: WriteOperation, groupId: string, outcome: string): void {
    this.#audit.write(this.#actor, operation, groupId, outcome, null);
  }
}
