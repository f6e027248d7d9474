import type { Cache, CacheEntry } from '../cache/cache.js';
import { AppError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { ProviderPicture } from '../providers/provider.js';
import type { Session } from '../session.js';
import { pictureCacheKey, type PictureSize } from './cache-key.js';
import { urlExpiry } from './cdn-url.js';
import { ConcurrencyLimiter } from './concurrency-limiter.js';
import type { Jid } from './jid.js';
import type { Picture } from './picture.js';
import { pictureId, pictureVersion } from './picture-identity.js';
import { type CachedPicture, decodePicture, encodePicture } from './picture-codec.js';
import { SingleFlight } from './single-flight.js';
import { cacheLifetime, nearEnd, type TtlSettings } from './ttl-policy.js';

/** One picture a request needs. */
export interface PictureRequest {
  readonly jid: Jid;
  readonly preview: boolean;
  readonly refresh: boolean;
}

export interface PictureServiceOptions {
  readonly cache: Cache;
  readonly ttl: TtlSettings;
  /** Most provider calls in flight per session. */
  readonly concurrency: number;
  /** Deadline of one provider call, from the moment it starts. */
  readonly timeoutMs: number;
  /**
   * A `refresh` of a picture fetched less than this long ago answers the cached picture instead,
   * so clients cannot push a session into WhatsApp's rate limits.
   */
  readonly refreshMinIntervalMs: number;
  readonly logger: Logger;
  readonly now?: () => number;
}

interface Plan {
  readonly request: PictureRequest;
  readonly size: PictureSize;
  readonly cacheKey: string;
  /** Identical fetches share a flight; a refresh is not identical to a plain read. */
  readonly flightKey: string;
}

/** A flight this batch started: it caches the flight's result, unless that is the stale fallback. */
interface OwnedFlight {
  readonly plan: Plan;
  readonly flight: Promise<Picture>;
  readonly fallback: Picture | undefined;
}

/**
 * The one pipeline every picture goes through, whichever provider serves it: a cache read for the
 * whole batch, a process-wide single flight per missing picture, at most `concurrency` provider
 * calls per session, normalisation of what the provider said, and one cache write per batch.
 */
export class PictureService {
  readonly #cache: Cache;
  readonly #ttl: TtlSettings;
  readonly #concurrency: number;
  readonly #timeoutMs: number;
  readonly #refreshMinIntervalMs: number;
  readonly #logger: Logger;
  readonly #now: () => number;
  readonly #flights = new SingleFlight<Picture>();
  readonly #limiters = new Map<string, ConcurrencyLimiter>();
  readonly #background = new Set<Promise<void>>();

  constructor(options: PictureServiceOptions) {
    this.#cache = options.cache;
    this.#ttl = options.ttl;
    this.#concurrency = options.concurrency;
    this.#timeoutMs = options.timeoutMs;
    this.#refreshMinIntervalMs = options.refreshMinIntervalMs;
    this.#logger = options.logger;
    this.#now = options.now ?? Date.now;
  }

  /** Pictures in request order; a failed picture is an Error in its place, never a failed batch. */
  async getMany(session: Session, requests: readonly PictureRequest[]): Promise<Array<Picture | Error>> {
    const plans = requests.map((request) => this.#plan(session, request));
    const cached = await this.#readCache(plans);
    const now = this.#now();

    const results = new Map<string, Promise<Picture>>();
    const owned: OwnedFlight[] = [];
    const revalidations: OwnedFlight[] = [];
    for (const plan of plans) {
      if (results.has(plan.flightKey)) {
        continue;
      }
      const entry = cached.get(plan.cacheKey);
      if (entry !== undefined && this.#serves(plan, entry, now)) {
        results.set(plan.flightKey, Promise.resolve(entry.picture));
        if (!plan.request.refresh && nearEnd(entry.picture.fetchedAt.getTime(), entry.freshUntil, now)) {
          this.#startRevalidation(session, plan, revalidations);
        }
        continue;
      }
      // Whatever the cache still keeps past its freshness answers if the provider fails.
      const fallback = entry?.picture;
      let flight = this.#flights.get(plan.flightKey);
      if (flight === undefined) {
        flight = this.#flights.start(plan.flightKey, () => this.#fetch(session, plan, fallback));
        owned.push({ plan, flight, fallback });
      } else if (fallback !== undefined) {
        // A flight another batch started may lack the entry this batch read; the entry still answers.
        flight = flight.catch(() => fallback);
      }
      results.set(plan.flightKey, flight);
    }

    if (revalidations.length > 0) {
      this.#inBackground(this.#writeCache(revalidations));
    }
    await this.#writeCache(owned);
    return Promise.all(plans.map((plan) => (results.get(plan.flightKey) as Promise<Picture>).catch((error: unknown) => asError(error))));
  }

  /** Waits for background revalidations, so that a closing process does not cut their cache writes. */
  async drain(): Promise<void> {
    while (this.#background.size > 0) {
      await Promise.allSettled([...this.#background]);
    }
  }

  /** A fresh entry serves a plain read; any entry serves a refresh while refreshes of it are throttled. */
  #serves(plan: Plan, entry: CachedPicture, now: number): boolean {
    if (!plan.request.refresh) {
      return now < entry.freshUntil;
    }
    return now - entry.picture.fetchedAt.getTime() < this.#refreshMinIntervalMs;
  }

  /** Refetches a picture near its end while it keeps serving, so a hot picture never goes cold. */
  #startRevalidation(session: Session, plan: Plan, revalidations: OwnedFlight[]): void {
    if (this.#flights.get(plan.flightKey) !== undefined) {
      return;
    }
    const flight = this.#flights.start(plan.flightKey, () => this.#fetch(session, plan, undefined));
    revalidations.push({ plan, flight, fallback: undefined });
  }

  #inBackground(work: Promise<void>): void {
    const tracked = work.catch((error: unknown) => this.#logger.error('background revalidation failed', { error }));
    this.#background.add(tracked);
    void tracked.finally(() => this.#background.delete(tracked));
  }

  #plan(session: Session, request: PictureRequest): Plan {
    const size: PictureSize = request.preview && session.provider.capabilities.preview ? 'preview' : 'full';
    const cacheKey = pictureCacheKey(session, request.jid, size);
    return { request, size, cacheKey, flightKey: request.refresh ? `${cacheKey}:refresh` : cacheKey };
  }

  async #readCache(plans: readonly Plan[]): Promise<Map<string, CachedPicture>> {
    // Refreshes read too: the cached picture's age decides whether the refresh is throttled.
    const keys = [...new Set(plans.map((plan) => plan.cacheKey))];
    const found = new Map<string, CachedPicture>();
    if (keys.length === 0) {
      return found;
    }
    const values = await this.#cache.getMany(keys);
    keys.forEach((key, index) => {
      const value = values[index];
      const entry = value === undefined ? undefined : decodePicture(value);
      if (entry !== undefined) {
        found.set(key, entry);
      }
    });
    return found;
  }

  async #fetch(session: Session, plan: Plan, fallback: Picture | undefined): Promise<Picture> {
    try {
      const answer = await this.#limiter(session).run(() => this.#callProvider(session, plan));
      return normalise(answer, plan.request.jid, plan.size === 'preview', new Date(this.#now()));
    } catch (error) {
      if (fallback === undefined) {
        throw error;
      }
      this.#logger.warn('provider failed; serving the cached picture past its freshness', {
        code: error instanceof AppError ? error.code : 'INTERNAL_SERVER_ERROR',
      });
      return fallback;
    }
  }

  async #callProvider(session: Session, plan: Plan): Promise<ProviderPicture> {
    const { jid, refresh } = plan.request;
    const deadline = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    // The race guarantees the deadline even against a provider that ignores its abort signal.
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = new AppError('UPSTREAM_TIMEOUT', `The WhatsApp provider did not answer within ${this.#timeoutMs} ms`);
        deadline.abort(error);
        reject(error);
      }, this.#timeoutMs);
    });
    try {
      const call = session.provider.fetchPicture({
        jid,
        preview: plan.size === 'preview',
        refresh: refresh && session.provider.capabilities.refresh,
        signal: deadline.signal,
      });
      return await Promise.race([call, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  #limiter(session: Session): ConcurrencyLimiter {
    let limiter = this.#limiters.get(session.identity);
    if (limiter === undefined) {
      limiter = new ConcurrencyLimiter(this.#concurrency);
      this.#limiters.set(session.identity, limiter);
    }
    return limiter;
  }

  /** Waits for this batch's own flights, caches what the provider answered in one write, then ends the flights. */
  async #writeCache(owned: readonly OwnedFlight[]): Promise<void> {
    if (owned.length === 0) {
      return;
    }
    const settled = await Promise.allSettled(owned.map(({ flight }) => flight));
    const now = this.#now();
    const entries: CacheEntry[] = [];
    settled.forEach((outcome, index) => {
      const { plan, fallback } = owned[index] as OwnedFlight;
      if (outcome.status === 'rejected') {
        if (!(outcome.reason instanceof AppError)) {
          this.#logger.error('provider call failed unexpectedly', { error: outcome.reason });
        }
        return;
      }
      if (outcome.value === fallback) {
        return;
      }
      const lifetime = cacheLifetime(outcome.value, now, this.#ttl);
      if (lifetime !== undefined) {
        entries.push({
          key: plan.cacheKey,
          value: encodePicture({ picture: outcome.value, freshUntil: lifetime.freshUntil }),
          ttlMs: lifetime.keepUntil - now,
        });
      }
    });
    if (entries.length > 0) {
      await this.#cache.setMany(entries);
    }
    for (const { plan, flight } of owned) {
      this.#flights.release(plan.flightKey, flight);
    }
  }
}

/** Holds every picture to the contract, whatever the provider answered. */
function normalise(answer: ProviderPicture, jid: Jid, previewAsked: boolean, fetchedAt: Date): Picture {
  if (answer.status !== 'AVAILABLE' || answer.url === null) {
    return {
      status: answer.status === 'AVAILABLE' ? 'NONE' : answer.status,
      url: null,
      id: null,
      version: null,
      preview: false,
      expiresAt: null,
      fetchedAt,
    };
  }
  const preview = previewAsked && answer.preview;
  const version = pictureVersion(answer.id, answer.url);
  return {
    status: 'AVAILABLE',
    url: answer.url,
    id: pictureId(jid, preview, version),
    version,
    preview,
    expiresAt: urlExpiry(answer.url),
    fetchedAt,
  };
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
