import DataLoader from 'dataloader';
import type { Logger } from '../logger.js';
import type { Session } from '../session.js';
import { parseEntityJid, type EntityType, type Jid } from './jid.js';
import type { Picture, PictureOptions } from './picture.js';
import type { PictureRequest, PictureService } from './picture-service.js';

/**
 * The pictures of one GraphQL request. `_entities` resolves every representation in one
 * synchronous pass, so all `load` calls of a request land in one DataLoader batch and reach the
 * service together. Built fresh per request: sharing across requests is the cache's job.
 */
export class PictureLoader {
  readonly #loader: DataLoader<PictureRequest, Picture, string>;
  readonly #session: () => Session;

  /**
   * `session` gives the request's session, or throws why the request may not read one (every load
   * then fails with that error, before any provider call). `log` is the request's logger.
   */
  constructor(service: PictureService, session: () => Session, maxBatchSize: number, log?: Logger) {
    this.#session = session;
    this.#loader = new DataLoader((requests) => service.getMany(this.#session(), requests, log), {
      // Object keys never de-duplicate by identity; the canonical JID makes 1@c.us and
      // 1@s.whatsapp.net, or Chat 1@g.us and Group 1@g.us, one key.
      cacheKeyFn: ({ jid, preview, refresh }) => `${jid.canonical}|${preview ? 1 : 0}|${refresh ? 1 : 0}`,
      maxBatchSize,
    });
  }

  /** The picture of a Chat, Contact or Group; a malformed or wrong-kind id fails this field alone. */
  async load(entity: EntityType, id: string, options: PictureOptions): Promise<Picture> {
    // Access first: a caller who may not read the session learns nothing, not even that an id is malformed.
    this.#session();
    const jid = parseEntityJid(entity, id);
    return this.#loader.load({ jid, preview: options.preview, refresh: options.refresh });
  }

  /** Drops what this request already loaded for a JID, after the request itself changed the picture. */
  forget(jid: Jid): void {
    for (const preview of [false, true]) {
      for (const refresh of [false, true]) {
        this.#loader.clear({ jid, preview, refresh });
      }
    }
  }
}
