/**
 * The stable error codes of the public contract. Every layer throws `AppError`s with one of these;
 * only the GraphQL layer turns them into GraphQL errors, so providers and the cache stay free of it.
 */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'UNKNOWN_SESSION'
  | 'SESSION_NOT_READY'
  | 'UPSTREAM_AUTH_FAILED'
  | 'UPSTREAM_TIMEOUT'
  | 'UPSTREAM_RATE_LIMITED'
  | 'UPSTREAM_UNAVAILABLE'
  | 'INTERNAL_SERVER_ERROR';

/** Fields a client sees in a GraphQL error's `extensions` beside `code`: safe scalars only. */
export type ErrorExtensions = Readonly<Record<string, string | number | boolean>>;

export interface AppErrorOptions {
  readonly cause?: unknown;
  /** Extra `extensions` for the client (never upstream bodies, URLs or secrets); `code` always wins. */
  readonly extensions?: ErrorExtensions;
  /**
   * When the provider said calls may resume (its `Retry-After`), or when our own pause of the
   * session ends. The provider gate pauses the session until then.
   */
  readonly retryAt?: Date | null;
  /**
   * Internal, never shown: a failure of the moment (the connection died before an answer; a 502,
   * 503, 504 or 408 without `Retry-After`) that the same read may get past if asked once more.
   */
  readonly transient?: boolean;
}

/** An error whose message is safe to show a client: it never carries upstream bodies or secrets. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly extensions: ErrorExtensions;
  readonly retryAt: Date | null;
  readonly transient: boolean;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.extensions = options.extensions ?? {};
    this.retryAt = options.retryAt ?? null;
    this.transient = options.transient ?? false;
  }
}

/**
 * The codes of a mutation's `userErrors`: expected failures the caller can act on (fix the input,
 * ask an admin, wait). Everything else stays an AppError and becomes a GraphQL error.
 */
export type RefusalCode =
  | 'INVALID_GROUP_ID'
  | 'INVALID_IMAGE'
  | 'IMAGE_TOO_LARGE'
  | 'UNSUPPORTED_IMAGE_TYPE'
  | 'IMAGE_UNREACHABLE'
  | 'FORBIDDEN_IMAGE_URL'
  | 'NOT_GROUP_ADMIN'
  | 'GROUP_NOT_FOUND'
  | 'RATE_LIMITED'
  | 'NOT_SUPPORTED_BY_PROVIDER'
  | 'NOT_AUTHORIZED';

/**
 * A refusal of a write, safe to show the caller: a stable code, a message without upstream bodies,
 * the input field it is about (as a path such as ["image", "url"]) and, for RATE_LIMITED, when to
 * try again if that is known.
 */
export class Refusal extends Error {
  readonly code: RefusalCode;
  readonly field: readonly string[] | null;
  readonly retryAt: Date | null;

  constructor(
    code: RefusalCode,
    message: string,
    options: { field?: readonly string[] | null; retryAt?: Date | null; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'Refusal';
    this.code = code;
    this.field = options.field ?? null;
    this.retryAt = options.retryAt ?? null;
  }
}
