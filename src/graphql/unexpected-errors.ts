import type { ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import type { HttpRequests } from '../observability/http-requests.js';
import { isUnexpected } from './format-error.js';

/**
 * Logs the unexpected errors of a request with the request's logger (so with its id), before
 * formatError masks them; formatError then skips the ones in `logged`. formatError alone cannot:
 * Apollo gives it no request.
 */
export function unexpectedErrorsPlugin(requests: HttpRequests, logged: WeakSet<object>): ApolloServerPlugin {
  return {
    async requestDidStart({ request }) {
      const info = requests.get(request.http);
      if (info === undefined) {
        return;
      }
      return {
        async didEncounterErrors({ errors }) {
          for (const error of errors) {
            const original = unwrapResolverError(error);
            if (isUnexpected(original) && typeof original === 'object' && original !== null && !logged.has(original)) {
              logged.add(original);
              info.log.error('unexpected error while serving a request', { error: original, path: error.path });
            }
          }
        },
      };
    },
  };
}
