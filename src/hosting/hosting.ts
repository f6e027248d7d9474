import { randomBytes } from 'node:crypto';
import type { Cache } from '../cache/cache.js';
import type { ImageConfig } from '../config/images.js';
import type { HostingConfig } from '../config/pictures.js';
import type { Connector, Resolve } from '../images/image-intake.js';
import type { Logger } from '../logger.js';
import type { Jid } from '../pictures/jid.js';
import type { Picture } from '../pictures/picture.js';
import type { Session } from '../session.js';
import { createPictureStore } from '../store/create-store.js';
import type { PictureStore } from '../store/picture-store.js';
import { AskRecorder } from './ask-recorder.js';
import { copyLeases } from './copy-leases.js';
import { CopyMaker } from './copy-maker.js';
import { HostedLinks } from './hosted-links.js';
import { PictureRecords } from './picture-records.js';
import { PictureRoute } from './picture-route.js';
import { sweepRetention, type SweepResult } from './retention-sweep.js';
import { SourceFetcher } from './source-fetcher.js';
import { StoreHealth, type StoreState } from './store-health.js';
import { UrlKeys } from './url-keys.js';
import { loadUrlSecrets } from './url-secret.js';

export interface HostingOptions {
  readonly config: HostingConfig;
  readonly images: ImageConfig;
  /** The picture cache; shared across replicas when `sharedCache` (Redis), which then carries the download leases. */
  readonly cache: Cache;
  readonly sharedCache: boolean;
  readonly publicUrl: () => string;
  /** The sessions this process serves, so the route knows their URL keys before any read. */
  readonly sessions: readonly Session[];
  readonly currentPicture: (session: Session, jid: Jid) => Promise<Picture>;
  /** `host:port` origins the process trusts for downloads (the demo provider's own), read on first download. */
  readonly trustedOrigins: () => readonly string[];
  readonly resolve?: Resolve;
  readonly connect?: Connector;
  readonly logger: Logger;
  readonly now?: () => number;
}

/** `ok`, `full`, `down`, or `off` when hosting is turned off. */
export type HostingReadiness = StoreState | 'off';

export interface Hosting {
  /** The warm path: `hostedUrl` and `displayUrl`. */
  readonly links: HostedLinks;
  /** `GET /pictures/…`. */
  readonly route: PictureRoute;
  readonly store: PictureStore | null;
  readiness(): HostingReadiness;
  /** Runs the retention sweep now (it also runs on its own every PICTURE_SWEEP_INTERVAL_MINUTES). */
  sweep(): Promise<SweepResult>;
  close(): Promise<void>;
}

// Somebody who keeps reading a picture rewrites its record at most this often per process.
const MAX_ASK_INTERVAL_MS = 60 * 60_000;
// A lease covers one download with its connects, plus encoding and writing four files.
const LEASE_SLACK_MS = 20_000;
// The first sweep waits for the start to settle; later ones follow the interval.
const FIRST_SWEEP_MS = 60_000;

/** Hosted pictures, wired: the store, its health, records of asks, copies on first view, the route and the sweep. */
export async function createHosting(options: HostingOptions): Promise<Hosting> {
  const { config, logger } = options;
  const now = options.now ?? Date.now;
  let secrets: readonly string[] | null;
  try {
    secrets = await loadUrlSecrets(config);
  } catch (error) {
    // A store directory that cannot even hold the secret is a store that is away: the process
    // serves without hosted URLs rather than not at all.
    logger.error('picture store directory unusable: hosted URLs are off until a restart (PICTURE_URL_SECRET avoids depending on it)', {
      error,
    });
    secrets = null;
  }
  const keys = new UrlKeys(secrets ?? [randomBytes(32).toString('base64url')]);
  keys.register(options.sessions);
  const store = secrets === null ? null : await createPictureStore(config.store, config.storeTimeoutMs);
  if (store === null) {
    const readiness: HostingReadiness = config.store.kind === 'off' ? 'off' : 'down';
    return {
      links: new HostedLinks({ publicUrl: options.publicUrl, keys, hosting: null }),
      route: new PictureRoute({ keys, hosting: null, logger, now }),
      store: null,
      readiness: () => readiness,
      sweep: async () => ({ removed: 0, seen: 0 }),
      close: async () => {},
    };
  }
  const health = new StoreHealth(store, logger);
  await health.start();
  const records = new PictureRecords(store, health, now);
  const asks = new AskRecorder({ records, logger, now, intervalMs: Math.min(MAX_ASK_INTERVAL_MS, config.retentionMs / 24) });
  const fetcher = new SourceFetcher({
    images: options.images,
    hosting: config,
    trustedOrigins: options.trustedOrigins,
    ...(options.resolve === undefined ? {} : { resolve: options.resolve }),
    ...(options.connect === undefined ? {} : { connect: options.connect }),
  });
  const copies = new CopyMaker({
    store,
    health,
    fetcher,
    leases: copyLeases(options.cache, options.sharedCache, store),
    currentPicture: options.currentPicture,
    maxPixels: options.images.maxPixels,
    concurrency: config.imageConcurrency,
    leaseMs: options.images.fetchTimeoutMs + LEASE_SLACK_MS,
    logger,
    now,
  });
  const sweep = () => sweepRetention({ store, retentionMs: config.retentionMs, logger, now });
  let sweeping: Promise<unknown> = Promise.resolve();
  const scheduledSweep = () => {
    sweeping = sweep().catch((error: unknown) => logger.warn('retention sweep failed; it runs again at its next interval', { error }));
  };
  const first = setTimeout(scheduledSweep, Math.min(FIRST_SWEEP_MS, config.sweepIntervalMs));
  const every = setInterval(scheduledSweep, config.sweepIntervalMs);
  first.unref();
  every.unref();

  return {
    links: new HostedLinks({ publicUrl: options.publicUrl, keys, hosting: { health, asks } }),
    route: new PictureRoute({ keys, hosting: { store, health, records, asks, copies, retentionMs: config.retentionMs }, logger, now }),
    store,
    readiness: () => health.state,
    sweep,
    close: async () => {
      clearTimeout(first);
      clearInterval(every);
      health.stop();
      await Promise.allSettled([asks.drain(), copies.drain(), sweeping]);
      await Promise.all([fetcher.close(), store.close()]);
    },
  };
}
