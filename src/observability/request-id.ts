import { randomUUID } from 'node:crypto';

export const REQUEST_ID_HEADER = 'x-request-id';

// What proxies and routers send as ids (UUIDs, ULIDs, hex, Envoy's and Heroku's forms), and
// nothing that could break a log line or a header: no spaces, quotes or control characters.
const SANE_REQUEST_ID = /^[\w.:@/+=-]{1,128}$/;

/** The caller's request id when it sent one sane id, else a new one. */
export function requestIdOf(given: string | string[] | undefined): string {
  return typeof given === 'string' && SANE_REQUEST_ID.test(given) ? given : randomUUID();
}
