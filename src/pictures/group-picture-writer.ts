import { randomUUID } from 'node:crypto';
import type { Cache } from '../cache/cache.js';
import { AppError, Refusal } from '../errors.js';
import type { Logger } from '../logger.js';
import type { GroupPictureImage, Provider } from '../providers/provider.js';
import type { ProviderGate } from '../resilience/provider-gate.js';
import type { Session } from '../session.js';
import { pictureWriteLeaseKey } from './cache-key.js';
import type { ImageSource, NormalisedImage } from './image-source.js';
import { parseEntityJid, type Jid } from './jid.js';
import type { PictureService } from './picture-service.js';

/** The new picture as the caller gave it: exactly one of the two is meant to be set. */
export interface ImageInputValue {
  readonly url?: string | null;
  readonly base64?: string | null;
}

/** What a change of a group's picture came to. */
export interface GroupPictureChange {
  /** The group's JID as the caller sent it, when it was a valid group JID. */
  readonly groupId: string | null;
  /** Whether the provider changed the picture. */
  readonly changed: boolean;
  /** Why it did not; empty when it did. */
  readonly refusals: readonly Refusal[];
}

export interface GroupPictureWriterOptions {
  readonly pictures: PictureService;
  readonly gate: ProviderGate;
  /** The shared cache: its leases keep one write per group at a time across replicas. */
  readonly cache: Cache;
  readonly images: ImageSource;
  /** Least time between two changes of one group's picture (GROUP_PICTURE_MIN_INTERVAL_SECONDS). */
  readonly minIntervalMs: number;
  /** Longest a write may hold its group's lease while it runs (image fetch plus provider call, with room). */
  readonly writeLeaseMs: number;
  readonly logger: Logger;
  readonly now?: () => number;
}

type Write = { readonly kind: 'set'; readonly image: ImageInputValue } | { readonly kind: 'delete' };

/**
 * Changes group pictures, safely: the caller's input is checked before anything goes out, a
 * provider that cannot take it is never called, one write per group runs at a time and writes of
 * one group are spaced (across replicas when the cache is shared), the image reaches the provider
 * only as our own normalised JPEG or as a URL we have checked, and after a change every cached
 * variant of the picture is forgotten so the next read shows the new one. Writes are never retried.
 */
export class GroupPictureWriter {
  readonly #options: GroupPictureWriterOptions;
  readonly #now: () => number;
  // The lease in a shared cache spans replicas; this one holds even when that cache is away.
  readonly #writing = new Set<string>();

  constructor(options: GroupPictureWriterOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  /** `log` is the asking request's logger. */
  set(session: Session, groupId: string, image: ImageInputValue, log?: Logger): Promise<GroupPictureChange> {
    return this.#change(session, groupId, { kind: 'set', image }, log ?? this.#options.logger);
  }

  delete(session: Session, groupId: string, log?: Logger): Promise<GroupPictureChange> {
    return this.#change(session, groupId, { kind: 'delete' }, log ?? this.#options.logger);
  }

  async #change(session: Session, groupId: string, write: Write, log: Logger): Promise<GroupPictureChange> {
    let jid: Jid;
    try {
      jid = parseEntityJid('Group', groupId);
    } catch (error) {
      const reason = error instanceof AppError ? error.message : 'not a group JID';
      return refused(null, new Refusal('INVALID_GROUP_ID', reason, { field: ['groupId'] }));
    }
    try {
      const prepare = this.#planWrite(session.provider, write);
      // A paused session or an open breaker refuses now, before an image is fetched for nothing.
      this.#options.gate.admit(session, write.kind === 'set' ? 'set_group_picture' : 'delete_group_picture');
      await this.#exclusively(session, jid, async () => {
        const started = this.#now();
        // The image is fetched and normalised under its own deadlines, outside the provider's gate.
        const image = await prepare();
        const written = await this.#options.gate.write(
          session,
          image === null ? 'delete_group_picture' : 'set_group_picture',
          (signal) =>
            image === null
              ? session.provider.deleteGroupPicture({ jid, signal })
              : session.provider.setGroupPicture({ jid, image, signal }),
          log,
        );
        await this.#options.pictures.invalidate(session, jid);
        // Debug: the request's audit line (who, which session, outcome) is the one info line per write.
        log.debug('group picture changed', {
          session: session.name,
          provider: session.provider.kind,
          operation: write.kind,
          ms: this.#now() - started,
          ...(written.pictureId === null ? {} : { pictureId: written.pictureId }),
        });
      });
      return { groupId, changed: true, refusals: [] };
    } catch (error) {
      if (error instanceof Refusal) {
        return refused(groupId, error);
      }
      throw error;
    }
  }

  /**
   * Checks the input and the provider's capabilities without any I/O, and returns how to produce
   * what the provider is sent (null: a delete). Everything refused here costs no network call.
   */
  #planWrite(provider: Provider, write: Write): () => Promise<GroupPictureImage | null> {
    const { images } = this.#options;
    if (write.kind === 'delete') {
      if (!provider.capabilities.deleteGroupPicture) {
        throw new Refusal('NOT_SUPPORTED_BY_PROVIDER', `This session's provider (${provider.kind}) cannot remove group pictures`);
      }
      return async () => null;
    }
    const { url, base64 } = write.image;
    const forms = provider.capabilities.setGroupPicture;
    if ((url === null || url === undefined) === (base64 === null || base64 === undefined)) {
      throw new Refusal('INVALID_IMAGE', 'Give exactly one of image.url and image.base64', { field: ['image'] });
    }
    if (forms.length === 0) {
      throw new Refusal('NOT_SUPPORTED_BY_PROVIDER', `This session's provider (${provider.kind}) cannot set group pictures`);
    }
    if (typeof base64 === 'string') {
      if (!forms.includes('bytes')) {
        throw new Refusal(
          'NOT_SUPPORTED_BY_PROVIDER',
          `This session's provider (${provider.kind}) takes group pictures only as a URL; give image.url`,
          {
            field: ['image', 'base64'],
          },
        );
      }
      return async () => asBytes(await images.normalise(await onField(['image', 'base64'], images.fromBase64(base64))));
    }
    const given = url as string;
    // Our own normalised bytes whenever the provider takes bytes; the checked URL only where it takes nothing else.
    if (forms.includes('bytes')) {
      return async () => asBytes(await images.normalise(await onField(['image', 'url'], images.fromUrl(given))));
    }
    return async () => {
      await onField(['image', 'url'], images.fromUrl(given));
      return { form: 'url', url: given };
    };
  }

  /**
   * Runs `write` while holding the group's lease: one write per group at a time, and none sooner
   * than the minimum interval after the last change. The lease outlives a successful write by that
   * interval (or until a throttling provider's retry time); a write that failed gives it back.
   */
  async #exclusively(session: Session, jid: Jid, write: () => Promise<void>): Promise<void> {
    const { cache, minIntervalMs, writeLeaseMs } = this.#options;
    const key = pictureWriteLeaseKey(session, jid);
    if (this.#writing.has(key)) {
      throw tooSoon(this.#now() + 1_000, 'Another change of this group picture is in progress');
    }
    const holder = randomUUID();
    const claim = await cache.claim(key, holder, Math.max(writeLeaseMs, minIntervalMs));
    if (!claim.claimed) {
      throw tooSoon(this.#now() + claim.remainingMs, 'This group picture was changed moments ago, or a change is in progress');
    }
    this.#writing.add(key);
    try {
      await write();
      await this.#holdFor(key, holder, minIntervalMs);
    } catch (error) {
      const retryAt = error instanceof Refusal && error.code === 'RATE_LIMITED' ? error.retryAt : null;
      if (retryAt === null) {
        await cache.release(key, holder);
      } else {
        await this.#holdFor(key, holder, retryAt.getTime() - this.#now());
      }
      throw error;
    } finally {
      this.#writing.delete(key);
    }
  }

  async #holdFor(key: string, holder: string, ms: number): Promise<void> {
    if (ms > 0) {
      await this.#options.cache.setMany([{ key, value: holder, ttlMs: ms, guard: { key, value: holder } }]);
    } else {
      await this.#options.cache.release(key, holder);
    }
  }
}

function asBytes(image: NormalisedImage): GroupPictureImage {
  return { form: 'bytes', bytes: image.bytes, mimetype: image.mimetype };
}

function refused(groupId: string | null, refusal: Refusal): GroupPictureChange {
  return { groupId, changed: false, refusals: [refusal] };
}

function tooSoon(retryAt: number, message: string): Refusal {
  return new Refusal('RATE_LIMITED', `${message}; try again at ${new Date(retryAt).toISOString()}`, { retryAt: new Date(retryAt) });
}

/** Tags an image refusal with the input field it came from. */
async function onField<T>(field: readonly string[], work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof Refusal && error.field === null) {
      throw new Refusal(error.code, error.message, { field, retryAt: error.retryAt, cause: error });
    }
    throw error;
  }
}
