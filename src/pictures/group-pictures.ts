import { AppError } from '../errors.js';
import type { Session } from '../session.js';
import type { GroupPictureChange, GroupPictureWriter, ImageInputValue } from './group-picture-writer.js';
import { parseEntityJid } from './jid.js';
import type { PictureLoader } from './picture-loader.js';

/**
 * The group-picture writes of one GraphQL request, on the request's session. After a change it
 * drops what the request had already loaded for the group, so the mutation's own answer shows
 * the new picture.
 */
export class GroupPictures {
  readonly #writer: GroupPictureWriter;
  readonly #session: Session | AppError;
  readonly #loaded: PictureLoader;

  /** `session` is the request's session, or why it has none (every write then fails with that error). */
  constructor(writer: GroupPictureWriter, session: Session | AppError, loaded: PictureLoader) {
    this.#writer = writer;
    this.#session = session;
    this.#loaded = loaded;
  }

  async set(groupId: string, image: ImageInputValue): Promise<GroupPictureChange> {
    return this.#afterwards(await this.#writer.set(this.#requireSession(), groupId, image));
  }

  async delete(groupId: string): Promise<GroupPictureChange> {
    return this.#afterwards(await this.#writer.delete(this.#requireSession(), groupId));
  }

  #afterwards(change: GroupPictureChange): GroupPictureChange {
    if (change.changed && change.groupId !== null) {
      this.#loaded.forget(parseEntityJid('Group', change.groupId));
    }
    return change;
  }

  #requireSession(): Session {
    if (this.#session instanceof AppError) {
      throw this.#session;
    }
    return this.#session;
  }
}
