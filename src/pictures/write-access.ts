import type { Refusal } from '../errors.js';
import type { Session } from '../session.js';

export type WriteOperation = 'set' | 'delete';

/**
 * What a request's group-picture writes need of its caller's access: the domain's port, which the
 * auth module implements for each request.
 */
export interface WriteAccess {
  /**
   * The session to write to, or the refusal the caller is answered with (a NOT_AUTHORIZED user
   * error). A caller who fails as a GraphQL error (not authenticated) makes it throw that AppError.
   * A refusal, either way, is audited here.
   */
  writeSession(operation: WriteOperation, groupId: string): Session | Refusal;
  /** Records the outcome of a write attempt that was allowed to run. */
  auditWrite(operation: WriteOperation, groupId: string, outcome: string): void;
}
