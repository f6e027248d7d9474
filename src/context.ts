import { timingSafeEqual } from 'node:crypto';
import type { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { AppError } from './errors.js';
import type { GroupPictureWriter } from './pictures/group-picture-writer.js';
import { GroupPictures } from './pictures/group-pictures.js';
import { PictureLoader } from './pictures/picture-loader.js';
import type { PictureService } from './pictures/picture-service.js';
import { DEFAULT_SESSION, type SessionRegistry } from './sessions.js';

/** What every resolver of one request sees. */
export interface Context {
  readonly pictures: PictureLoader;
  readonly groupPictures: GroupPictures;
}

export interface ContextDependencies {
  readonly sessions: SessionRegistry;
  readonly service: PictureService;
  readonly writer: GroupPictureWriter;
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

/** The only place per-request objects are built: authentication, session choice, fresh loaders. */
export function createContextFactory(deps: ContextDependencies): (headers: HeaderMap) => Context {
  return (headers) => {
    if (deps.routerSecret !== null && !secretMatches(headers.get(ROUTER_SECRET_HEADER), deps.routerSecret)) {
      throw unauthenticated();
    }
    const name = headers.get(SESSION_HEADER) ?? DEFAULT_SESSION;
    // An unknown session fails each field that needs it, not the request: gateways pass field
    // errors on with their codes and keep the other subgraphs' data, while a failed request
    // reaches clients as a bare INTERNAL_SERVER_ERROR. The known names are never listed.
    const session =
      deps.sessions.get(name) ?? new AppError('UNKNOWN_SESSION', `Unknown WhatsApp session ${JSON.stringify(name.slice(0, 64))}`);
    const pictures = new PictureLoader(deps.service, session, deps.maxRepresentations);
    return { pictures, groupPictures: new GroupPictures(deps.writer, session, pictures) };
  };
}
