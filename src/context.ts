import { timingSafeEqual } from 'node:crypto';
import type { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { Authorizer } from './auth/authorizer.js';
import { ResponseCachePolicy } from './graphql/cache-control/response-cache-policy.js';
import type { HostedLinks } from './hosting/hosted-links.js';
import type { Logger } from './logger.js';
import type { GroupPictureWriter } from './pictures/group-picture-writer.js';
import { GroupPictures } from './pictures/group-pictures.js';
import { PictureLoader } from './pictures/picture-loader.js';
import type { PictureService } from './pictures/picture-service.js';

/** What every resolver of one request sees. */
export interface Context {
  readonly pictures: PictureLoader;
  readonly groupPictures: GroupPictures;
  /** How long routers and HTTP caches may keep this request's answer, from the pictures it served. */
  readonly cachePolicy: ResponseCachePolicy;
  /** `hostedUrl` and `displayUrl`: process-wide, no I/O. */
  readonly links: HostedLinks;
}

export interface ContextDependencies {
  /** Who is asking and which session it may read and write (AUTH_MODE). */
  readonly authorizer: Authorizer;
  readonly service: PictureService;
  readonly writer: GroupPictureWriter;
  readonly links: HostedLinks;
  readonly maxRepresentations: number;
  /** When set, every GraphQL request must carry `router-authorization: <secret>`. */
  readonly routerSecret: string | null;
}

export const SESSION_HEADER = 'x-wa-session';
export const ROUTER_SECRET_HEADER = 'router-authorization';

function secretMatches(given: string | undefined, secret: string): boolean {
  const a = Buffer.from(given ?? '');
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A caller that is not the router fails the whole request: HTTP 401, before anything runs. */
function unauthenticated(): GraphQLError {
  return new GraphQLError(`Missing or wrong ${ROUTER_SECRET_HEADER} header`, {
    extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
  });
}

/**
 * The only place per-request objects are built: authentication, session choice, fresh loaders.
 * `log` is the request's logger (its lines carry the request id); the layers below log with it.
 */
export function createContextFactory(deps: ContextDependencies): (headers: HeaderMap, log?: Logger) => Promise<Context> {
  return async (headers, log) => {
    if (deps.routerSecret !== null && !secretMatches(headers.get(ROUTER_SECRET_HEADER), deps.routerSecret)) {
      throw unauthenticated();
    }
    // A refused caller or session fails each field that needs it, not the request: gateways pass
    // field errors on with their codes and keep the other subgraphs' data, while a failed request
    // reaches clients as a bare INTERNAL_SERVER_ERROR. `_service { sdl }` needs no session, so
    // routers compose without a token.
    const access = await deps.authorizer.authorize({
      requestedSession: headers.get(SESSION_HEADER),
      header: (name) => headers.get(name),
      ...(log === undefined ? {} : { log }),
    });
    const cachePolicy = new ResponseCachePolicy();
    const pictures = new PictureLoader(deps.service, () => access.readSession(), deps.maxRepresentations, cachePolicy, log);
    return { pictures, groupPictures: new GroupPictures(deps.writer, access, pictures, log), cachePolicy, links: deps.links };
  };
}
