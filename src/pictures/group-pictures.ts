import { AppError, Refusal } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Session } from '../session.js';
import type { GroupPictureChange, GroupPictureWriter, ImageInputValue } from './group-picture-writer.js';
import { parseEntityJid } from './jid.js';
import type { PictureLoader } from './picture-loader.js';
import type { WriteAccess, WriteOperation } from './write-access.js';

/**
 * The group-picture writes of one GraphQL request, on the request's session. The caller's right to
 * write comes first: a refused caller gets `NOT_AUTHORIZED` (or a GraphQL error when it is not
 * authenticated) before its input is even looked at, and no provider is called. Every attempt is
 * audited once with its outcome. After a change it drops what the request had already loaded for
 * the group, so the mutation's own answer shows the new picture.
 */
export class GroupPictures {
  readonly #writer: GroupPictureWriter;
  readonly #access: WriteAccess;
  readonly #loaded: PictureLoader;
  readonly #log: Logger | undefined;

  /** `log` is the request's logger. */
  constructor(writer: GroupPictureWriter, access: WriteAccess, loaded: PictureLoader, log?: Logger) {
    this.#writer = writer;
    this.#access = access;
    this.#loaded = loaded;
    this.#log = log;
  }

  set(groupId: string, image: ImageInputValue): Promise<GroupPictureChange> {
    return this.#write('set', groupId, (session) => this.#writer.set(session, groupId, image, this.#log));
  }

  delete(groupId: string): Promise<GroupPictureChange> {
    return this.#write('delete', groupId, (session) => this.#writer.delete(session, groupId, this.#log));
  }

  async #write(
    operation: WriteOperation,
    groupId: string,
    write: (session: Session) => Promise<GroupPictureChange>,
  ): Promise<GroupPictureChange> {
    const session = this.#access.writeSession(operation, groupId);
    if (session instanceof Refusal) {
      return { groupId: null, changed: false, refusals: [session] };
    }
    let change: GroupPictureChange;
    try {
      change = await write(session);
    } catch (error) {
      this.#access.auditWrite(operation, groupId, error instanceof AppError ? error.code : 'INTERNAL_SERVER_ERROR');
      throw error;
    }
    this.#access.auditWrite(operation, groupId, change.changed ? 'CHANGED' : change.refusals.map((refusal) => refusal.code).join(','));
    if (change.changed && change.groupId !== null) {
      this.#loaded.forget(parseEntityJid('Group', change.groupId));
    }
    return change;
  }
}
