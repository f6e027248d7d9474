import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLSchema, ParseOptions, ValidationRule } from 'graphql';
import type { RequestLimits } from '../config/index.js';
import type { Logger } from '../logger.js';
import type { GraphQLMetrics } from '../observability/graphql-metrics.js';
import type { HttpRequests } from '../observability/http-requests.js';
import { operationLimitsRule } from './operation-limits.js';
import { representationLimitPlugin } from './representation-limit.js';
import { entityTypeNames } from './representations.js';

export interface RequestGuardOptions {
  readonly limits: RequestLimits;
  readonly maxRepresentations: number;
  readonly schema: GraphQLSchema;
  readonly logger: Logger;
  readonly requests: HttpRequests;
  readonly metrics: GraphQLMetrics;
}

export interface RequestGuards {
  readonly parseOptions: ParseOptions;
  readonly validationRules: ValidationRule[];
  readonly plugins: ApolloServerPlugin[];
}

/**
 * What Apollo Server checks before a request runs, whatever executes it: the parser stops at the
 * document length and token limits (the cheapest place to refuse a huge document, before
 * graphql-js's own validation, whose work grows faster than the document), a validation rule
 * refuses depth, aliases, directives and fragment nesting, and a plugin counts representations.
 */
export function requestGuards(options: RequestGuardOptions): RequestGuards {
  const { limits, metrics } = options;
  return {
    parseOptions: { maxSourceLength: limits.maxDocumentLength, maxLexicalTokens: limits.maxTokens, maxComments: limits.maxTokens },
    validationRules: [operationLimitsRule(limits, metrics.refused)],
    plugins: [
      representationLimitPlugin({
        max: options.maxRepresentations,
        entityTypes: entityTypeNames(options.schema),
        logger: options.logger,
        requests: options.requests,
        metrics,
      }),
    ],
  };
}
