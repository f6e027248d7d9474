import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type HTTPGraphQLRequest } from '@apollo/server';
import type { Context } from '../context.js';
import { UNCACHEABLE } from '../graphql/cache-control/response-cache-policy.js';
import type { Logger } from '../logger.js';
import type { GraphQLMetrics } from '../observability/graphql-metrics.js';
import type { HttpRequests } from '../observability/http-requests.js';
import { BodyAbortedError, BodyTooLargeError, readBody } from './read-body.js';
import { sendGraphQLError } from './send.js';
import type { StaticAsset } from './static-asset.js';

export interface GraphQLHandlerOptions {
  readonly apollo: ApolloServer<Context>;
  readonly context: (headers: HeaderMap, log: Logger) => Context | Promise<Context>;
  readonly maxBodyBytes: number;
  /** RESPONSE_MAX_BYTES: a larger answer is refused instead of sent. */
  readonly maxResponseBytes: number;
  /** The playground, sent when Apollo decides a browser asked for its landing page; null when off. */
  readonly landingPage: StaticAsset | null;
  /** Where Apollo's plugins find the request's logger and report its outcome. */
  readonly requests: HttpRequests;
  readonly metrics: Pick<GraphQLMetrics, 'observe' | 'refused'>;
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

/** Whether `text` is more than `max` bytes as UTF-8, without encoding it when its length already tells. */
function longerThan(text: string, max: number): boolean {
  if (text.length > max) {
    return true;
  }
  return text.length * 3 > max && Buffer.byteLength(text) > max;
}

/** Apollo Server on node:http: the few lines an integration needs, and no framework. */
export function createGraphQLHandler(options: GraphQLHandlerOptions) {
  const { metrics, maxResponseBytes } = options;
  return async (request: IncomingMessage, response: ServerResponse, url: URL, log: Logger): Promise<void> => {
    const started = performance.now();
    const elapsed = () => (performance.now() - started) / 1000;
    const headers = headerMap(request);
    let body: unknown;
    try {
      body = await parseBody(request, headers, options.maxBodyBytes);
    } catch (error) {
      if (response.destroyed) {
        // HTTP_REQUEST_TIMEOUT_MS passed: Node answered 408 and closed the connection itself.
        return;
      }
      if (error instanceof BodyAbortedError) {
        // The caller went away mid-body: nobody is left to answer.
        response.destroy();
        return;
      }
      response.setHeader('cache-control', UNCACHEABLE);
      if (error instanceof BodyTooLargeError) {
        metrics.refused('body_size');
        // The rest of the body is never read: the connection goes with the answer.
        response.setHeader('connection', 'close');
        sendGraphQLError(response, 413, 'BAD_REQUEST', error.message);
      } else {
        sendGraphQLError(response, 400, 'BAD_REQUEST', 'Request body is not valid JSON');
      }
      metrics.observe('unknown', 'refused', elapsed());
      return;
    }
    const httpGraphQLRequest: HTTPGraphQLRequest = {
      method: (request.method ?? 'GET').toUpperCase(),
      headers,
      search: url.search,
      body,
    };
    const observation = options.requests.start(httpGraphQLRequest, log);
    const result = await options.apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest,
      context: async () => options.context(headers, log),
    });
    if (options.landingPage !== null && result.headers.get('content-type')?.startsWith('text/html')) {
      // A browser's page load, not a GraphQL request: pre-compressed, with validators.
      await options.landingPage.serve(request, response);
      return;
    }
    if (result.body.kind === 'complete' && longerThan(result.body.string, maxResponseBytes)) {
      metrics.refused('response_size');
      response.setHeader('cache-control', UNCACHEABLE);
      sendGraphQLError(
        response,
        400,
        'BAD_REQUEST',
        `The answer is larger than the ${maxResponseBytes} bytes this subgraph sends (RESPONSE_MAX_BYTES); ask for fewer fields or entities`,
      );
      metrics.observe(observation.operationType, 'error', elapsed());
      return;
    }
    for (const [name, value] of result.headers) {
      response.setHeader(name, value);
    }
    if (!result.headers.has('cache-control') && !result.headers.get('content-type')?.startsWith('text/html')) {
      response.setHeader('cache-control', UNCACHEABLE);
    }
    response.statusCode = result.status ?? 200;
    if (result.body.kind === 'complete') {
      response.end(result.body.string);
    } else {
      let sent = 0;
      for await (const chunk of result.body.asyncIterator) {
        sent += Buffer.byteLength(chunk);
        if (sent > maxResponseBytes) {
          // Too late for a status: the parts already sent were a 200. Cut the answer off instead.
          metrics.refused('response_size');
          response.destroy();
          metrics.observe(observation.operationType, 'error', elapsed());
          return;
        }
        response.write(chunk);
      }
      response.end();
    }
    metrics.observe(observation.operationType, observation.outcome ?? 'refused', elapsed());
  };
}
