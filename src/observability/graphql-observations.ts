import type { ApolloServerPlugin, GraphQLResponse } from '@apollo/server';
import type { GraphQLError } from 'graphql';
import type { GraphQLMetrics, LimitName, RequestOutcome } from './graphql-metrics.js';
import type { HttpRequests } from './http-requests.js';

function outcomeOf(response: GraphQLResponse): RequestOutcome {
  if (response.body.kind === 'incremental') {
    return response.body.initialResult.errors === undefined ? 'success' : 'partial';
  }
  const { data, errors } = response.body.singleResult;
  // No `data` at all: stopped before execution (syntax, validation, a limit).
  if (data === undefined) {
    return 'refused';
  }
  if (errors === undefined || errors.length === 0) {
    return 'success';
  }
  return data === null ? 'error' : 'partial';
}

// graphql-js's own words for its parser limits.
function parseLimit(errors: readonly GraphQLError[] | undefined): LimitName | undefined {
  const message = errors?.[0]?.message ?? '';
  if (/Document contains more th\w+ \d+ tokens/.test(message)) {
    return 'tokens';
  }
  return /Source contains more than \d+ UTF-16 code units/.test(message) ? 'document_length' : undefined;
}

/**
 * Tells the HTTP handler, which times a request and records it once its answer is sent, the
 * request's operation type and outcome; counts refusals by the parser's limits.
 */
export function observationPlugin(requests: HttpRequests, metrics: Pick<GraphQLMetrics, 'refused'>): ApolloServerPlugin {
  return {
    async requestDidStart({ request }) {
      const info = requests.get(request.http);
      if (info === undefined) {
        return;
      }
      return {
        async willSendResponse({ operation, response, errors }) {
          info.operationType = operation?.operation ?? 'unknown';
          info.outcome = outcomeOf(response);
          const limit = info.outcome === 'refused' ? parseLimit(errors) : undefined;
          if (limit !== undefined) {
            metrics.refused(limit);
          }
        },
      };
    },
  };
}
