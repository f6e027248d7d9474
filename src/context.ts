import { timingSafeEqual } from 'node:crypto';
import type { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { PictureLoader } from './pictures/picture-loader.js';
import type { PictureService } from './pictures/picture-service.js';
import { DEFAULT_SESSION, type SessionRegistry } from './sessions.js';

/** What every resolver of one request sees. */
export interface Context {
  readonly pictures: PictureLoader;
}

export interface ContextDependencies {
  readonly sessions: SessionRegistry;
  readonly service: PictureService;
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

/** A failure before execution fails the whole request, with an HTTP status that says whose fault it is. */
function requestError(code: 'UNAUTHENTICATED' | 'UNKNOWN_SESSION', message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status: code === 'UNAUTHENTICATED' ? 401 : 400 } } });
}

/** The only place per-request objects are built: authentication, session choice, fresh loaders. */
export function createContextFactory(deps: ContextDependencies): (headers: HeaderMap) => Context {
  return (headers) => {
    if (deps.routerSecret !== null && !secretMatches(headers.get(ROUTER_SECRET_HEADER), deps.routerSecret)) {
      throw requestError('UNAUTHENTICATED', `Missing or wrong ${ROUTER_SECRET_HEADER} header`);
    }
    const name = headers.get(SESSION_HEADER) ?? DEFAULT_SESSION;
    const session = deps.sessions.get(name);
    if (session === undefined) {
      // The known names are not listed: they are not the caller's business.
      throw requestError('UNKNOWN_SESSION', `Unknown WhatsApp session ${JSON.stringify(name.slice(0, 64))}`);
    }
    return { pictures: new PictureLoader(deps.service, session, deps.maxRepresentations) };
  };
}
