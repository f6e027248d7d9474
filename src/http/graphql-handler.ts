import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type HTTPGraphQLRequest } from '@apollo/server';
import type { Context } from '../context.js';
import { acceptsGzip, gzippedHtml } from './html-compression.js';
import { BodyTooLargeError, readBody } from './read-body.js';
import { sendGraphQLError } from './send.js';

// What a GraphQL answer carries when nothing worked out how long it may be kept: an error before
// the request ran (a bad body, a refused router secret) is never kept by anyone.
const UNCACHEABLE = 'private, no-store';

export interface GraphQLHandlerOptions {
  readonly apollo: ApolloServer<Context>;
  readonly context: (headers: HeaderMap) => Context | Promise<Context>;
  readonly maxBodyBytes: number;
}

function headerMap(request: IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) {
      headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
  }
  return headers;
}

async function parseBody(request: IncomingMessage, headers: HeaderMap, limit: number): Promise<unknown> {
  if (request.method !== 'POST') {
    return undefined;
  }
  const text = await readBody(request, limit);
  // Apollo Server wants a parsed JSON body and answers other content types itself (CSRF prevention).
  return (headers.get('content-type') ?? '').toLowerCase().startsWith('application/json') ? JSON.parse(text) : text;
}

/** Apollo Server on node:http: the few lines an integration needs, and no framework. */
export function createGraphQLHandler(options: GraphQLHandlerOptions) {
  return async (request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> => {
    const headers = headerMap(request);
    let body: unknown;
    try {
      body = await parseBody(request, headers, options.maxBodyBytes);
    } catch (error) {
      response.setHeader('cache-control', UNCACHEABLE);
      if (error instanceof BodyTooLargeError) {
        sendGraphQLError(response, 413, 'BAD_REQUEST', error.message);
      } else {
        sendGraphQLError(response, 400, 'BAD_REQUEST', 'Request body is not valid JSON');
      }
      return;
    }
    const httpGraphQLRequest: HTTPGraphQLRequest = {
      method: (request.method ?? 'GET').toUpperCase(),
      headers,
      search: url.search,
      body,
    };
    const result = await options.apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest,
      context: async () => options.context(headers),
    });
    for (const [name, value] of result.headers) {
      response.setHeader(name, value);
    }
    if (!result.headers.has('cache-control') && !result.headers.get('content-type')?.startsWith('text/html')) {
      response.setHeader('cache-control', UNCACHEABLE);
    }
    response.statusCode = result.status ?? 200;
    if (result.body.kind === 'complete') {
      // Only the playground is HTML; GraphQL answers are small JSON and stay uncompressed.
      if (result.headers.get('content-type')?.startsWith('text/html') && acceptsGzip(headers.get('accept-encoding'))) {
        response.setHeader('content-encoding', 'gzip');
        response.setHeader('vary', 'accept-encoding');
        response.end(gzippedHtml(result.body.string));
        return;
      }
      response.end(result.body.string);
      return;
    }
    for await (const chunk of result.body.asyncIterator) {
      response.write(chunk);
    }
    response.end();
  };
}
