import { Refusal } from '../errors.js';
import type { Logger } from '../logger.js';
import { parseJid, type Jid } from '../pictures/jid.js';
import type { Picture } from '../pictures/picture.js';
import { ConcurrencyLimiter } from '../resilience/concurrency-limiter.js';
import type { Session } from '../session.js';
import type { PictureStore, StoredObject } from '../store/picture-store.js';
import type { AcquireLease } from './copy-leases.js';
import { encodePicture, type PictureVariant } from './picture-encoder.js';
import { variantKey, type HostedFormat, type HostedSize } from './picture-paths.js';
import type { SourceFetcher } from './source-fetcher.js';
import type { StoreHealth } from './store-health.js';

/** Why no copy could be made. */
export type CopyProblem =
  /** The picture is no longer the chat's current one (or is gone): nothing to copy. */
  | 'not-current'
  /** The CDN image could not be had or was refused (unreachable, too large, not an image, a bomb…). */
  | 'source'
  /** Another replica is making it and did not finish in time. */
  | 'busy';

export class CopyFailure extends Error {
  readonly problem: CopyProblem;

  constructor(problem: CopyProblem, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CopyFailure';
    this.problem = problem;
  }
}

export interface CopyMakerOptions {
  readonly store: PictureStore;
  readonly health: StoreHealth;
  readonly fetcher: SourceFetcher;
  readonly leases: AcquireLease;
  /** The chat's current full-size picture, through the picture pipeline (cache first, then the provider). */
  readonly currentPicture: (session: Session, jid: Jid) => Promise<Picture>;
  readonly maxPixels: number;
  /** Most pictures downloaded and encoded at once (PICTURE_IMAGE_CONCURRENCY). */
  readonly concurrency: number;
  /** How long a lease may be held: a whole download plus encoding and writing. */
  readonly leaseMs: number;
  readonly logger: Logger;
  readonly now: () => number;
}

/** One picture to copy: where its files go, and whose picture it is. */
export interface CopyRequest {
  readonly session: Session;
  readonly sessionKey: string;
  readonly pictureKey: string;
  /** The canonical JID from the picture's record. */
  readonly jid: string;
}

export type Copies = ReadonlyMap<string, PictureVariant | StoredObject>;

// A refused source is not asked again for a while: a hostile or broken CDN answer costs one
// download per picture per window, however often its URL is viewed.
const REFUSAL_MEMORY_MS = 5 * 60_000;
const MAX_REFUSALS = 10_000;
// Waiting for another replica's copy: these gaps between looks at the store, up to the lease.
const WAIT_STEPS_MS = [100, 200, 400, 800, 1_600, 3_200, 5_000];

export function variantName(size: HostedSize, format: HostedFormat): string {
  return `${size}.${format}`;
}

/**
 * Makes a hosted picture's files on its first view: at most one download per picture at a time
 * in this process (single flight) and across replicas (a lease), a bounded number of downloads and
 * encodings at once, and never for a picture that is not its chat's current one. The CDN URL
 * comes from the picture pipeline at that moment, so a URL that was re-signed since the picture
 * was read costs nothing extra, and an unchanged picture whose files exist is never downloaded.
 */
export class CopyMaker {
  readonly #options: CopyMakerOptions;
  readonly #limiter: ConcurrencyLimiter;
  readonly #flights = new Map<string, Promise<Copies>>();
  readonly #refused = new Map<string, number>();

  constructor(options: CopyMakerOptions) {
    this.#options = options;
    this.#limiter = new ConcurrencyLimiter(options.concurrency);
  }

  /** The picture's files, made now or by whoever made them first. Rejects with CopyFailure or a StoreError. */
  copy(request: CopyRequest): Promise<Copies> {
    const id = `${request.sessionKey}/${request.pictureKey}`;
    const refusedUntil = this.#refused.get(id);
    if (refusedUntil !== undefined && refusedUntil > this.#options.now()) {
      return Promise.reject(new CopyFailure('source', 'the picture could not be copied a moment ago'));
    }
    let flight = this.#flights.get(id);
    if (flight === undefined) {
      flight = this.#make(request, id).finally(() => this.#flights.delete(id));
      this.#flights.set(id, flight);
    }
    return flight;
  }

  /** Waits for copies in progress (a graceful stop). */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.#flights.values()]);
  }

  async #make(request: CopyRequest, id: string): Promise<Copies> {
    const { leases, leaseMs } = this.#options;
    // The lease is taken inside the limiter, so a copy waiting for a slot holds no lease that could
    // run out before it starts (letting another replica download the same picture meanwhile).
    const made = await this.#limiter.run(async () => {
      const release = await leases(id, leaseMs);
      if (release === null) {
        return null;
      }
      try {
        // Somebody may have finished between our look at the store and the lease.
        return (await this.#stored(request)) ?? (await this.#download(request, id));
      } finally {
        await release();
      }
    });
    return made ?? this.#waitForOther(request);
  }

  async #download(request: CopyRequest, id: string): Promise<Copies> {
    const { store, health, fetcher, currentPicture, maxPixels, logger } = this.#options;
    const jid = parseJid(request.jid);
    const picture = await currentPicture(request.session, jid);
    if (picture.status !== 'AVAILABLE' || picture.url === null || picture.id !== request.pictureKey) {
      throw new CopyFailure('not-current', 'the picture is no longer the current one of its chat');
    }
    let variants: PictureVariant[];
    try {
      variants = await encodePicture(await fetcher.fetch(picture.url), maxPixels);
    } catch (error) {
      if (error instanceof Refusal) {
        this.#remember(id);
        // The host only: the URL's query is a signature, its path names the picture.
        logger.warn('a picture could not be copied from its CDN', { code: error.code, reason: error.message, host: hostOf(picture.url) });
        throw new CopyFailure('source', error.message, { cause: error });
      }
      throw error;
    }
    const copies = new Map<string, PictureVariant>(variants.map((variant) => [variantName(variant.size, variant.format), variant]));
    try {
      await Promise.all(
        variants.map((variant) =>
          store.put(variantKey(request.sessionKey, request.pictureKey, variant.size, variant.format), variant.bytes, variant.contentType),
        ),
      );
      health.wrote();
    } catch (error) {
      // The bytes are good: this view is served from them, and the store's state tells the warm path.
      health.failed(error);
      logger.warn('hosted picture made but not stored', { error });
    }
    return copies;
  }

  async #stored(request: CopyRequest): Promise<Copies | null> {
    // The full WebP is written with the others, in one go: its presence means the copy was made.
    const object = await this.#options.store.get(variantKey(request.sessionKey, request.pictureKey, 'full', 'webp'));
    this.#options.health.read();
    return object === null ? null : new Map([[variantName('full', 'webp'), object]]);
  }

  /** Another replica holds the lease: look at the store with growing gaps until its copy appears. */
  async #waitForOther(request: CopyRequest): Promise<Copies> {
    let waited = 0;
    for (const step of WAIT_STEPS_MS) {
      if (waited >= this.#options.leaseMs) {
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, step));
      waited += step;
      const existing = await this.#stored(request);
      if (existing !== null) {
        return existing;
      }
    }
    throw new CopyFailure('busy', 'another replica is copying this picture');
  }

  #remember(id: string): void {
    if (this.#refused.size >= MAX_REFUSALS) {
      this.#refused.clear();
    }
    this.#refused.set(id, this.#options.now() + REFUSAL_MEMORY_MS);
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'unparseable';
  }
}
