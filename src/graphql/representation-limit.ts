import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, type DocumentNode, type FragmentDefinitionNode } from 'graphql';
import type { Logger } from '../logger.js';
import type { GraphQLMetrics } from '../observability/graphql-metrics.js';
import type { HttpRequests } from '../observability/http-requests.js';
import { findRepresentations, representationProblem } from './representations.js';

export interface RepresentationLimitOptions {
  /** MAX_REPRESENTATIONS. */
  readonly max: number;
  /** The types `_entities` resolves here. */
  readonly entityTypes: ReadonlySet<string>;
  /** Outside an HTTP request (tests' executeOperation); an HTTP request logs with its own logger. */
  readonly logger: Logger;
  readonly requests?: HttpRequests;
  readonly metrics?: Pick<GraphQLMetrics, 'entitiesBatch' | 'refused'>;
}

// Documents come from Apollo's document cache, the same object for every request that sends them.
const fragmentsByDocument = new WeakMap<DocumentNode, ReadonlyMap<string, FragmentDefinitionNode>>();

function fragmentsOf(document: DocumentNode): ReadonlyMap<string, FragmentDefinitionNode> {
  let fragments = fragmentsByDocument.get(document);
  if (fragments === undefined) {
    fragments = new Map(
      document.definitions.flatMap((definition) =>
        definition.kind === Kind.FRAGMENT_DEFINITION ? [[definition.name.value, definition] as const] : [],
      ),
    );
    fragmentsByDocument.set(document, fragments);
  }
  return fragments;
}

/**
 * Caps the representations of one request before it runs, counting every one wherever it comes
 * from (see findRepresentations): they mostly travel in variables, which no depth or cost rule of
 * the document sees, and each costs CPU even when cached. Malformed ones are logged here, once per
 * request; each then fails its own entity with BAD_USER_INPUT (entity-guard.ts).
 */
export function representationLimitPlugin(options: RepresentationLimitOptions): ApolloServerPlugin {
  const { max, entityTypes, logger, requests, metrics } = options;
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, request }) {
          if (operation === undefined) {
            return;
          }
          const found = findRepresentations(operation, fragmentsOf(document), request.variables ?? {});
          if (found.count === 0) {
            return;
          }
          if (found.count > max) {
            metrics?.refused('representations');
            throw new GraphQLError(`Too many entity representations: ${found.count}, the limit is ${max} (MAX_REPRESENTATIONS)`, {
              extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
            });
          }
          metrics?.entitiesBatch(found.count);
          let malformed = 0;
          let problem: string | null = null;
          found.forEach((value) => {
            const wrong = representationProblem(value, entityTypes);
            if (wrong !== null) {
              malformed += 1;
              problem ??= wrong;
            }
          });
          if (malformed > 0) {
            (requests?.get(request.http)?.log ?? logger).warn('malformed entity representations', { count: malformed, problem });
          }
        },
      };
    },
  };
}
