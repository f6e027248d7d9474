import type { ApolloServerPlugin, GraphQLRequestContextWillSendResponse } from '@apollo/server';
import type { Context } from '../../context.js';
import { varyHeaders } from './response-cache-policy.js';

/**
 * Sets `Cache-Control` (and `Vary`) on every GraphQL answer from the request's own
 * `ResponseCachePolicy`, and puts each entity's router cache tags in
 * `extensions.apolloEntityCacheTags` (aligned with `data._entities`, as Apollo Router 2.x reads
 * them). It works at the request level only — no field hooks — so it holds whichever executor ran
 * the operation; Apollo Server's own cache-control plugin must be disabled beside it, or it would
 * replace the header with its field-hint policy.
 */
export function cacheControlPlugin(
  options: { readonly tokenHeader?: string | null; readonly now?: () => number } = {},
): ApolloServerPlugin<Context> {
  const now = options.now ?? Date.now;
  const vary = varyHeaders(options.tokenHeader ?? null);
  const varyValue = vary.join(', ');
  return {
    async requestDidStart() {
      return {
        async willSendResponse(requestContext) {
          const { response } = requestContext;
          const errors = response.body.kind !== 'single' || (response.body.singleResult.errors?.length ?? 0) > 0;
          const query = requestContext.operation?.operation === 'query';
          const header = requestContext.contextValue.cachePolicy.header({ query, errors }, now());
          response.http.headers.set('cache-control', header);
          response.http.headers.set('vary', mergeVary(response.http.headers.get('vary'), vary, varyValue));
          addEntityCacheTags(requestContext);
        },
      };
    },
  };
}

function mergeVary(existing: string | undefined, vary: readonly string[], varyValue: string): string {
  if (existing === undefined || existing.trim() === '') {
    return varyValue;
  }
  const names = new Set(existing.split(',').map((name) => name.trim().toLowerCase()));
  return [existing, ...vary.filter((name) => !names.has(name))].join(', ');
}

const NO_TAGS: readonly string[] = Object.freeze([]);

function addEntityCacheTags(requestContext: GraphQLRequestContextWillSendResponse<Context>): void {
  const { response, request, contextValue } = requestContext;
  if (response.body.kind !== 'single') {
    return;
  }
  const { singleResult } = response.body;
  const entities = singleResult.data?._entities;
  const representations = request.variables?.representations;
  if (!Array.isArray(entities) || !Array.isArray(representations) || entities.length !== representations.length) {
    return;
  }
  const policy = contextValue.cachePolicy;
  const tags = representations.map((representation: unknown) => {
    const id = typeof representation === 'object' && representation !== null ? (representation as { id?: unknown }).id : undefined;
    return typeof id === 'string' ? policy.tagsOf(id) : NO_TAGS;
  });
  if (tags.some((list) => list.length > 0)) {
    singleResult.extensions = { ...singleResult.extensions, apolloEntityCacheTags: tags };
  }
}
