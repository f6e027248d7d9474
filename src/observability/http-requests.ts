import type { HTTPGraphQLRequest } from '@apollo/server';
import type { Logger } from '../logger.js';
import type { OperationType, RequestOutcome } from './graphql-metrics.js';

/** What the HTTP handler and Apollo's plugins share about one GraphQL request. */
export interface HttpRequestInfo {
  /** The request's logger: its lines carry the request id. */
  readonly log: Logger;
  operationType: OperationType;
  /** Unset when Apollo never ran the request (router secret, CSRF prevention): a refusal. */
  outcome: RequestOutcome | undefined;
}

/**
 * Keyed by the request object Apollo carries through its pipeline (`requestContext.request.http`),
 * so plugins reach the request's logger and report its outcome without anything added to the
 * resolvers' context.
 */
export class HttpRequests {
  readonly #byRequest = new WeakMap<HTTPGraphQLRequest, HttpRequestInfo>();

  start(request: HTTPGraphQLRequest, log: Logger): HttpRequestInfo {
    const info: HttpRequestInfo = { log, operationType: 'unknown', outcome: undefined };
    this.#byRequest.set(request, info);
    return info;
  }

  get(request: HTTPGraphQLRequest | undefined): HttpRequestInfo | undefined {
    return request === undefined ? undefined : this.#byRequest.get(request);
  }
}
