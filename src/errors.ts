/**
 * The stable error codes of the public contract. Every layer throws `AppError`s with one of these;
 * only the GraphQL layer turns them into GraphQL errors, so providers and the cache stay free of it.
 */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'UNKNOWN_SESSION'
  | 'SESSION_NOT_READY'
  | 'UPSTREAM_AUTH_FAILED'
  | 'UPSTREAM_TIMEOUT'
  | 'UPSTREAM_RATE_LIMITED'
  | 'UPSTREAM_UNAVAILABLE'
  | 'INTERNAL_SERVER_ERROR';

/** An error whose message is safe to show a client: it never carries upstream bodies or secrets. */
export class AppError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
  }
}
