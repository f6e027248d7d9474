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

type TrackedRequest = HTTPGraphQLRequest & { [key: symbol]: HttpRequestInfo | undefined };

/**
 * Carried on the request object Apollo takes through its pipeline (`requestContext.request.http`),
 * under a symbol of this app's own, so plugins reach the request's logger and report its outcome
 * without anything added to the resolvers' context (a symbol property costs less than a WeakMap).
 */
export class HttpRequests {
  readonly #key = Symbol('http request info');

  start(request: HTTPGraphQLRequest, log: Logger): HttpRequestInfo {
    const info: HttpRequestInfo = { log, operationType: 'unknown', outcome: undefined };
    (request as TrackedRequest)[this.#key] = info;
    return info;
  }

  get(request: HTTPGraphQLRequest | undefined): HttpRequestInfo | undefined {
    return request === undefined ? undefined : (request as TrackedRequest)[this.#key];
  }
}
