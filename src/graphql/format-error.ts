import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { AppError } from '../errors.js';
import type { Logger } from '../logger.js';

/** Anything a resolver threw that is neither one of our AppErrors nor GraphQL's own: a bug. */
export function isUnexpected(error: unknown): boolean {
  return !(error instanceof AppError) && !(error instanceof GraphQLError);
}

/**
 * The one place errors become what clients see. AppErrors keep their code and safe message;
 * GraphQL's own errors (syntax, validation, variables) pass through; anything else is a bug, logged
 * and shown only as INTERNAL_SERVER_ERROR, so no upstream body or stack reaches a client. Errors in
 * `alreadyLogged` were logged with their request's id (unexpected-errors.ts) and are not logged again.
 */
export function createFormatError(logger: Logger, alreadyLogged: WeakSet<object> = new WeakSet()) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof AppError) {
      return { ...formatted, message: original.message, extensions: { ...original.extensions, code: original.code } };
    }
    if (original instanceof GraphQLError) {
      return formatted;
    }
    if (!(typeof original === 'object' && original !== null && alreadyLogged.has(original))) {
      logger.error('unexpected error while serving a request', { error: original, path: formatted.path });
    }
    return { ...formatted, message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}
