import type { Cache } from '../cache/cache.js';
import type { Config } from '../config/index.js';
import type { Connector, Resolve } from '../images/image-intake.js';
import type { Logger } from '../logger.js';
import type { PictureService } from '../pictures/picture-service.js';
import type { SessionRegistry } from '../sessions.js';
import { createHosting, type Hosting } from './hosting.js';

export interface AppHostingOptions {
  readonly config: Config;
  readonly cache: Cache;
  readonly service: PictureService;
  readonly sessions: SessionRegistry;
  readonly publicUrl: () => string;
  readonly logger: Logger;
  /** DNS and sockets of the downloads (tests). */
  readonly network?: { readonly resolve?: Resolve; readonly connect?: Connector };
  /** The retention clock (tests). */
  readonly now?: () => number;
}

/** `host:port` of a base URL, the port always written, as the image intake's host lists expect. */
function originOf(base: string): string {
  const url = new URL(base);
  return `${url.hostname}:${url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : url.port}`;
}

/**
 * Hosted pictures on the app's own parts: the copies' current picture comes from the picture
 * pipeline (cache first), download leases from the cache when it is shared, and the demo
 * provider's origin is trusted by name when a demo session is served.
 */
export function hostingForApp(options: AppHostingOptions): Promise<Hosting> {
  const { config, service, publicUrl } = options;
  const sessions = config.sessions.map((session) => options.sessions.get(session.name)).filter((session) => session !== undefined);
  const demo = sessions.some((session) => session.provider.kind === 'demo');
  return createHosting({
    config: config.hosting,
    images: config.images,
    cache: options.cache,
    sharedCache: config.cache.redis !== null,
    publicUrl,
    sessions,
    currentPicture: async (session, jid) => {
      const [picture] = await service.getMany(session, [{ jid, preview: false, refresh: false }]);
      if (picture === undefined || picture instanceof Error) {
        throw picture ?? new Error('the picture pipeline answered nothing');
      }
      return picture;
    },
    trustedOrigins: () => (demo ? [originOf(publicUrl())] : []),
    ...(options.network?.resolve === undefined ? {} : { resolve: options.network.resolve }),
    ...(options.network?.connect === undefined ? {} : { connect: options.network.connect }),
    logger: options.logger,
    ...(options.now === undefined ? {} : { now: options.now }),
  });
}
