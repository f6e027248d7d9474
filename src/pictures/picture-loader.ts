import DataLoader from 'dataloader';
import type { ResponseCachePolicy } from '../graphql/cache-control/response-cache-policy.js';
import type { Logger } from '../logger.js';
import type { Session } from '../session.js';
import { parseEntityJid, type EntityType, type Jid } from './jid.js';
import type { PictureOptions } from './picture.js';
import type { PictureRequest, PictureService } from './picture-service.js';
import { PictureView } from './picture-view.js';

/**
 * The pictures of one GraphQL request. `_entities` resolves every representation in one
 * synchronous pass, so all `load` calls of a request land in one DataLoader batch and reach the
 * service together. Built fresh per request: sharing across requests is the cache's job.
 */
export class PictureLoader {
  readonly #loader: DataLoader<PictureRequest, PictureView, string>;
  readonly #session: () => Session;
  readonly #cachePolicy: ResponseCachePolicy;
  readonly #log: Logger | undefined;

  /**
   * `session` gives the request's session, or throws why the request may not read one (every load
   * then fails with that error, before any provider call). `cachePolicy` hears of every picture
   * served, so the response can say how long it stays fresh. `log` is the request's logger.
   */
  constructor(service: PictureService, session: () => Session, maxBatchSize: number, cachePolicy: ResponseCachePolicy, log?: Logger) {
    this.#session = session;
    this.#cachePolicy = cachePolicy;
    this.#log = log;
    this.#loader = new DataLoader((requests) => this.#batch(service, requests), {
      // Object keys never de-duplicate by identity; the canonical JID makes 1@c.us and
      // 1@s.whatsapp.net, or Chat 1@g.us and Group 1@g.us, one key. The plain read, by far the
      // most common, is keyed by the canonical JID itself (no string to build; a JID has no `|`).
      cacheKeyFn: ({ jid, preview, refresh }) =>
        preview || refresh ? `${jid.canonical}|${preview ? 1 : 0}|${refresh ? 1 : 0}` : jid.canonical,
      maxBatchSize,
    });
  }

  /**
   * The picture of a Chat, Contact or Group; a malformed or wrong-kind id fails this field alone.
   * Not async: a refused session or a bad id throws while the resolver runs (the field fails the
   * same way), and a hit costs no promise of its own besides DataLoader's.
   */
  load(entity: EntityType, id: string, options: PictureOptions): Promise<PictureView> {
    // Access first: a caller who may not read the session learns nothing, not even that an id is malformed.
    const session = this.#session();
    const jid = parseEntityJid(entity, id);
    if (options.refresh) {
      this.#cachePolicy.askedRefresh();
    }
    this.#cachePolicy.tagEntity(id, session, jid);
    return this.#loader.load({ jid, preview: options.preview, refresh: options.refresh });
  }

  /**
   * The service's pictures, each with the JID and session it was loaded for (what hosted URLs
   * need). Each picture served bounds how long the response may be kept: told here, once per
   * picture of the batch, rather than after every load.
   */
  async #batch(service: PictureService, requests: readonly PictureRequest[]): Promise<Array<PictureView | Error>> {
    const session = this.#session();
    const pictures = await service.getMany(session, requests, this.#log);
    return pictures.map((picture, index) => {
      if (picture instanceof Error) {
        return picture;
      }
      this.#cachePolicy.served(service.freshUntil(picture), picture.expiresAt);
      return new PictureView(picture, (requests[index] as PictureRequest).jid, session);
    });
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
