import { randomUUID } from 'node:crypto';
import type { Cache, CacheEntry, CacheGuard, ValueCache, ValueEntry } from '../cache/cache.js';
import { valueCache } from '../cache/value-cache.js';
import { AppError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { PictureLookupObserver } from '../observability/cache-metrics.js';
import type { ProviderPicture } from '../providers/provider.js';
import type { ProviderGate } from '../resilience/provider-gate.js';
import { SingleFlight } from '../resilience/single-flight.js';
import type { Session } from '../session.js';
import { PICTURE_SIZES, pictureCacheKey, pictureChangeKey, type PictureSize } from './cache-key.js';
import { urlExpiry } from './cdn-url.js';
import type { Jid } from './jid.js';
import type { Picture } from './picture.js';
import { pictureId, pictureVersion } from './picture-identity.js';
import { Instant } from './instant.js';
import { type CachedPicture, decodePicture, encodePicture, pictureCodec } from './picture-codec.js';
import { cacheLifetime, freshUntilOf, nearEnd, type TtlSettings } from './ttl-policy.js';

/** One picture a request needs. */
export interface PictureRequest {
  readonly jid: Jid;
  readonly preview: boolean;
  readonly refresh: boolean;
}

export interface PictureServiceOptions {
  readonly cache: Cache;
  readonly ttl: TtlSettings;
  /** Every provider call goes through it: per-session concurrency and the call's deadline. */
  readonly gate: ProviderGate;
  /**
   * A `refresh` of a picture fetched less than this long ago answers the cached picture instead,
   * so clients cannot push a session into WhatsApp's rate limits.
   */
  readonly refreshMinIntervalMs: number;
  readonly logger: Logger;
  /** Told how each picture's lookup went (cache hit, stale or miss; joined or started fetch), for metrics. */
  readonly lookups?: PictureLookupObserver;
  readonly now?: () => number;
  /**
   * Told after a picture changed — our own write, a provider's event, a refresh that found a new
   * version — so that caches beyond ours (routers) drop it too. Writes await it; it must not throw.
   */
  readonly onChange?: (session: Session, jid: Jid) => Promise<void>;
}

/** What `remember` did with a picture a provider's event carried. */
export type Remembered = 'changed' | 'stored' | 'unchanged';

// WAHA, Wawp and Wasend keep a picture for 24 h. For that long after we change a picture, a read
// that misses our cache asks them to refresh theirs, and reads that started before the change
// cannot write the old picture back.
const CHANGE_MEMORY_MS = 24 * 60 * 60 * 1000;

interface Plan {
  readonly request: PictureRequest;
  readonly size: PictureSize;
  readonly cacheKey: string;
  /** Identical fetches share a flight; a refresh is not identical to a plain read. */
  readonly flightKey: string;
}

/** What a flight brings back: the picture, and whether and how it may be cached. */
interface Fetched {
  readonly picture: Picture;
  /** False for the stale fallback served when the provider failed: it is already cached. */
  readonly fresh: boolean;
  /** The change stamp the fetch started under; its write is skipped if the stamp moved since. */
  readonly guard: CacheGuard;
}

/** A flight this batch started: it caches the flight's result. */
interface OwnedFlight {
  readonly plan: Plan;
  readonly flight: Promise<Fetched>;
  /** For a refresh: the picture it replaces, to tell routers when the refresh found another one. */
  readonly previous?: Picture | undefined;
}

/**
 * The one pipeline every picture goes through, whichever provider serves it: a cache read for the
 * whole batch, a process-wide single flight per missing picture, provider calls through the
 * per-session gate, normalisation of what the provider said, and one cache write per batch.
 */
export class PictureService {
  readonly #cache: Cache;
  /** The pictures in that cache: decoded once per read from a shared cache, kept decoded in process. */
  readonly #pictures: ValueCache<CachedPicture>;
  readonly #ttl: TtlSettings;
  readonly #gate: ProviderGate;
  readonly #refreshMinIntervalMs: number;
  readonly #logger: Logger;
  readonly #lookups: PictureLookupObserver | undefined;
  readonly #now: () => number;
  readonly #onChange: ((session: Session, jid: Jid) => Promise<void>) | undefined;
  readonly #flights = new SingleFlight<Fetched>();
  readonly #background = new Set<Promise<void>>();

  constructor(options: PictureServiceOptions) {
    this.#cache = options.cache;
    this.#pictures = valueCache(options.cache, pictureCodec);
    this.#ttl = options.ttl;
    this.#gate = options.gate;
    this.#refreshMinIntervalMs = options.refreshMinIntervalMs;
    this.#logger = options.logger;
    this.#lookups = options.lookups;
    this.#now = options.now ?? Date.now;
    this.#onChange = options.onChange;
  }

  /**
   * Pictures in request order; a failed picture is an Error in its place, never a failed batch.
   * `log` is the asking request's logger, so what this batch logs carries the request's id.
   */
  async getMany(session: Session, requests: readonly PictureRequest[], log: Logger = this.#logger): Promise<Array<Picture | Error>> {
    const plans = requests.map((request) => this.#plan(session, request));
    const { entries, distinct } = await this.#readCache(plans);
    const now = this.#now();
    return (distinct ? this.#answerFromCache(plans, entries, now) : undefined) ?? this.#fetchMissing(session, plans, entries, now, log);
  }

  /**
   * The warm path, where a batch spends most of its life: every picture asked once and a fresh hit
   * that needs no revalidation. It allocates the answer array and nothing per picture; `undefined`
   * hands the batch to the full path as soon as one picture needs the provider.
   */
  #answerFromCache(plans: readonly Plan[], entries: ReadonlyArray<CachedPicture | undefined>, now: number): Picture[] | undefined {
    const pictures = new Array<Picture>(plans.length);
    for (let index = 0; index < plans.length; index += 1) {
      const plan = plans[index] as Plan;
      const entry = entries[index];
      if (entry === undefined || !this.#serves(plan, entry, now) || this.#revalidates(plan, entry, now)) {
        return undefined;
      }
      pictures[index] = entry.picture;
    }
    for (let hit = 0; hit < plans.length; hit += 1) {
      this.#lookups?.cache('hit');
    }
    return pictures;
  }

  /** Any batch with a miss, a picture near its end or a picture asked twice: flights for those, hits for the rest. */
  async #fetchMissing(
    session: Session,
    plans: readonly Plan[],
    entries: ReadonlyArray<CachedPicture | undefined>,
    now: number,
    log: Logger,
  ): Promise<Array<Picture | Error>> {
    // Flights start now, in this tick, so that concurrent batches find and join them; they read
    // their change stamps (one read for the batch) before they call the provider.
    let stampsRead!: (stamps: Promise<Map<string, string>>) => void;
    const stamps = new Promise<Map<string, string>>((resolve) => {
      stampsRead = resolve;
    });
    // Settled with the picture or its error, never rejected: nothing waits on them until this
    // batch's own cache write is done, and a rejection nobody handles yet would be unhandled.
    const results = new Map<string, Promise<Picture | Error>>();
    const owned: OwnedFlight[] = [];
    const revalidations: OwnedFlight[] = [];
    plans.forEach((plan, index) => {
      if (results.has(plan.flightKey)) {
        return;
      }
      const entry = entries[index];
      if (entry !== undefined && this.#serves(plan, entry, now)) {
        this.#lookups?.cache('hit');
        results.set(plan.flightKey, Promise.resolve(entry.picture));
        if (this.#revalidates(plan, entry, now)) {
          this.#startRevalidation(session, plan, stamps, revalidations, log);
        }
        return;
      }
      // Whatever the cache still keeps past its freshness answers if the provider fails.
      const fallback = entry?.picture;
      this.#lookups?.cache(entry === undefined ? 'miss' : 'stale');
      let flight = this.#flights.get(plan.flightKey);
      this.#lookups?.flight(flight !== undefined);
      if (flight === undefined) {
        flight = this.#flights.start(plan.flightKey, () => this.#fetch(session, plan, stamps, fallback, log));
        owned.push({ plan, flight, previous: plan.request.refresh ? entry?.picture : undefined });
      }
      // A flight another batch started may lack the entry this batch read; the entry still answers.
      results.set(
        plan.flightKey,
        flight.then(
          (fetched) => fetched.picture,
          (error: unknown) => fallback ?? asError(error),
        ),
      );
    });
    stampsRead(this.#readStamps(session, [...owned, ...revalidations]));

    if (revalidations.length > 0) {
      this.#inBackground(this.#writeCache(session, revalidations, log), log);
    }
    await this.#writeCache(session, owned, log);
    return Promise.all(plans.map((plan) => results.get(plan.flightKey) as Promise<Picture | Error>));
  }

  /**
   * Forgets every cached variant of a JID's picture after we changed it: all sizes, here and in
   * the shared cache. Reads already in flight keep their answer for their own callers but cannot
   * cache it, and the next reads ask providers with a cache of their own to refresh it.
   */
  async invalidate(session: Session, jid: Jid): Promise<void> {
    const keys = this.#forgetFlights(session, jid);
    // The stamp first: a read whose write passes its guard before this is deleted just after.
    await this.#cache.setMany([{ key: pictureChangeKey(session, jid), value: `${this.#now()}:${randomUUID()}`, ttlMs: CHANGE_MEMORY_MS }]);
    await this.#cache.deleteMany(keys);
    await this.#changed(session, jid);
  }

  /**
   * Keeps a picture a provider's event carried (Evolution's new URL, a removal) as if it had just
   * been fetched, so the next read costs no provider call. The same version as the cached picture
   * is `unchanged` (it only renews an entry past its freshness). Another one replaces every cached
   * variant under a new change stamp, as `invalidate` does, so reads already in flight cannot write
   * the old picture back. Only a replaced picture is a change for routers: they can hold nothing
   * of a picture that was not cached here (their max-age never outlives our freshness).
   */
  async remember(session: Session, jid: Jid, answer: ProviderPicture): Promise<Remembered> {
    const now = this.#now();
    const key = pictureCacheKey(session, jid, 'full');
    const changeKey = pictureChangeKey(session, jid);
    const [value, stamp] = await this.#cache.getMany([key, changeKey]);
    const previous = value === undefined ? undefined : decodePicture(value);
    // The full picture: providers that push pictures have no preview size.
    const picture = normalise(answer, jid, false, new Instant(now));
    const lifetime = cacheLifetime(picture, now, this.#ttl);
    const entry = (guard: CacheGuard): CacheEntry[] =>
      lifetime === undefined
        ? []
        : [{ key, value: encodePicture({ picture, freshUntil: lifetime.freshUntil }), ttlMs: lifetime.keepUntil - now, guard }];
    if (previous !== undefined && samePicture(previous.picture, picture)) {
      if (now >= previous.freshUntil) {
        await this.#cache.setMany(entry({ key: changeKey, value: stamp ?? null }));
      }
      return 'unchanged';
    }
    const keys = this.#forgetFlights(session, jid);
    const changed = `${now}:${randomUUID()}`;
    // The stamp and the picture in one round trip, the stamp first; then the other size goes.
    await this.#cache.setMany([{ key: changeKey, value: changed, ttlMs: CHANGE_MEMORY_MS }, ...entry({ key: changeKey, value: changed })]);
    await this.#cache.deleteMany(lifetime === undefined ? keys : keys.filter((other) => other !== key));
    if (previous === undefined) {
      return 'stored';
    }
    await this.#changed(session, jid);
    return 'changed';
  }

  /** The cached full-size picture of a JID, fresh or not, without asking any provider. */
  async cached(session: Session, jid: Jid): Promise<Picture | undefined> {
    // Through the typed view, as reads are: in process that is the kept picture, not a re-encoding of it.
    const [entry] = await this.#pictures.getMany([pictureCacheKey(session, jid, 'full')]);
    return entry?.picture;
  }

  /** Until when (ms since the epoch) a picture this service answered stays fresh: how long others may keep it. */
  freshUntil(picture: Picture): number {
    // Asked for every picture of every answer: no lifetime object to make.
    return freshUntilOf(picture, picture.fetchedAt.getTime(), this.#ttl);
  }

  /** Ends every flight of a JID's picture, so later reads start their own; returns its cache keys. */
  #forgetFlights(session: Session, jid: Jid): string[] {
    const keys = PICTURE_SIZES.map((size) => pictureCacheKey(session, jid, size));
    for (const key of keys) {
      this.#flights.forget(key);
      this.#flights.forget(refreshFlightKey(key));
    }
    return keys;
  }

  async #changed(session: Session, jid: Jid): Promise<void> {
    try {
      await this.#onChange?.(session, jid);
    } catch (error) {
      this.#logger.error('picture change listener failed', { error });
    }
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

  /** A plain read of a fresh entry in the last part of its life refetches it in the background. */
  #revalidates(plan: Plan, entry: CachedPicture, now: number): boolean {
    return !plan.request.refresh && nearEnd(entry.picture.fetchedAt.getTime(), entry.freshUntil, now);
  }

  /** Refetches a picture near its end while it keeps serving, so a hot picture never goes cold. */
  #startRevalidation(session: Session, plan: Plan, stamps: Promise<Map<string, string>>, revalidations: OwnedFlight[], log: Logger): void {
    if (this.#flights.get(plan.flightKey) !== undefined) {
      return;
    }
    const flight = this.#flights.start(plan.flightKey, () => this.#fetch(session, plan, stamps, undefined, log));
    revalidations.push({ plan, flight });
  }

  #inBackground(work: Promise<void>, log: Logger): void {
    const tracked = work.catch((error: unknown) => log.error('background revalidation failed', { error }));
    this.#background.add(tracked);
    void tracked.finally(() => this.#background.delete(tracked));
  }

  #plan(session: Session, request: PictureRequest): Plan {
    const size: PictureSize = request.preview && session.provider.capabilities.preview ? 'preview' : 'full';
    const cacheKey = pictureCacheKey(session, request.jid, size);
    return {
      request,
      size,
      cacheKey,
      flightKey: request.refresh ? refreshFlightKey(cacheKey) : cacheKey,
    };
  }

  /**
   * The cached entry of each plan, in plan order: one read of the batch's distinct keys.
   * `distinct`: no key was asked twice (the usual DataLoader batch).
   */
  async #readCache(plans: readonly Plan[]): Promise<{ entries: Array<CachedPicture | undefined>; distinct: boolean }> {
    // Refreshes read too: the cached picture's age decides whether the refresh is throttled.
    if (plans.length === 0) {
      return { entries: [], distinct: true };
    }
    const positions = new Map<string, number>();
    const keys: string[] = [];
    const slots = plans.map(({ cacheKey }) => {
      let position = positions.get(cacheKey);
      if (position === undefined) {
        position = keys.push(cacheKey) - 1;
        positions.set(cacheKey, position);
      }
      return position;
    });
    const found = await this.#pictures.getMany(keys);
    return { entries: slots.map((position) => found[position]), distinct: keys.length === plans.length };
  }

  /** The change stamps of the pictures this batch fetches; misses only, so hits never pay for them. */
  async #readStamps(session: Session, flights: readonly OwnedFlight[]): Promise<Map<string, string>> {
    const keys = [...new Set(flights.map(({ plan }) => pictureChangeKey(session, plan.request.jid)))];
    const stamps = new Map<string, string>();
    if (keys.length === 0) {
      return stamps;
    }
    const values = await this.#cache.getMany(keys);
    keys.forEach((key, index) => {
      const value = values[index];
      if (value !== undefined) {
        stamps.set(key, value);
      }
    });
    return stamps;
  }

  async #fetch(
    session: Session,
    plan: Plan,
    stamps: Promise<Map<string, string>>,
    fallback: Picture | undefined,
    log: Logger,
  ): Promise<Fetched> {
    // Made here, not planned: a batch of hits never needs it.
    const changeKey = pictureChangeKey(session, plan.request.jid);
    const stamp = (await stamps).get(changeKey) ?? null;
    const guard = { key: changeKey, value: stamp };
    const { jid } = plan.request;
    // After our own change, a provider's cache of its own may still hold the old picture.
    const refresh = (plan.request.refresh || stamp !== null) && session.provider.capabilities.refresh;
    try {
      const answer = await this.#gate.read(
        session,
        (signal) => session.provider.fetchPicture({ jid, preview: plan.size === 'preview', refresh, signal }),
        log,
      );
      return { picture: normalise(answer, jid, plan.size === 'preview', new Instant(this.#now())), fresh: true, guard };
    } catch (error) {
      if (fallback === undefined) {
        throw error;
      }
      log.warn('provider failed; serving the cached picture past its freshness', {
        code: error instanceof AppError ? error.code : 'INTERNAL_SERVER_ERROR',
      });
      return { picture: fallback, fresh: false, guard };
    }
  }

  /** Waits for this batch's own flights, caches what the provider answered in one write, then ends the flights. */
  async #writeCache(session: Session, owned: readonly OwnedFlight[], log: Logger): Promise<void> {
    if (owned.length === 0) {
      return;
    }
    const settled = await Promise.allSettled(owned.map(({ flight }) => flight));
    const now = this.#now();
    const entries: Array<ValueEntry<CachedPicture>> = [];
    const changed: Jid[] = [];
    settled.forEach((outcome, index) => {
      const { plan, previous } = owned[index] as OwnedFlight;
      if (outcome.status === 'rejected') {
        // Logged once already, where it failed: the provider gate logs every failed call.
        return;
      }
      const { picture, fresh, guard } = outcome.value;
      if (fresh && previous !== undefined && !samePicture(previous, picture)) {
        changed.push(plan.request.jid);
      }
      const lifetime = fresh ? cacheLifetime(picture, now, this.#ttl) : undefined;
      if (lifetime !== undefined) {
        entries.push({
          key: plan.cacheKey,
          value: { picture, freshUntil: lifetime.freshUntil },
          ttlMs: lifetime.keepUntil - now,
          guard,
        });
      }
    });
    if (entries.length > 0) {
      await this.#pictures.setMany(entries);
    }
    for (const { plan, flight } of owned) {
      this.#flights.release(plan.flightKey, flight);
    }
    if (changed.length > 0) {
      this.#inBackground(
        Promise.all(changed.map((jid) => this.#changed(session, jid))).then(() => undefined),
        log,
      );
    }
  }
}

function refreshFlightKey(cacheKey: string): string {
  return `${cacheKey}:refresh`;
}

/** Holds every picture to the contract, whatever the provider answered. */
function normalise(answer: ProviderPicture, jid: Jid, previewAsked: boolean, fetchedAt: Instant): Picture {
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

/** Whether two answers show the same picture (the same version, or the same reason for none). */
function samePicture(a: Picture, b: Picture): boolean {
  return a.status === b.status && a.version === b.version;
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
