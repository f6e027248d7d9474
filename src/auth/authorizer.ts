import type { Counter } from 'prom-client';
import type { AuthConfig, JwtConfig, SessionConfig } from '../config/index.js';
import { ANY_VERIFIED_CALLER } from '../config/session-access.js';
import { AppError, Refusal } from '../errors.js';
import type { Logger } from '../logger.js';
import type { SessionRegistry } from '../sessions.js';
import { AccessAudit } from './access-audit.js';
import { RemoteKeySet } from './jwks.js';
import { JwtVerifier } from './jwt-verifier.js';
import type { Principal } from './principal.js';
import type { AuthenticationFailure, RefusalReason } from './refusal-reason.js';
import { RequestAccess, type AccessDecision } from './request-access.js';
import { SessionPolicy } from './session-policy.js';

export interface AuthorizerOptions {
  readonly auth: AuthConfig;
  /** The configured sessions, in file order, with their access rules. */
  readonly sessions: readonly SessionConfig[];
  /** The sessions requests are served from, by name. */
  readonly registry: SessionRegistry;
  /** The session a request without `x-wa-session` uses under AUTH_MODE=none. */
  readonly defaultSession: string;
  readonly logger: Logger;
  readonly refusals: Counter<'reason'>;
  /** The key set's clock (tests move it instead of waiting out the refetch cooldown). */
  readonly now?: () => number;
}

/** What the context hands over of one request. */
export interface AccessRequest {
  /** The `x-wa-session` header, if sent. */
  readonly requestedSession: string | undefined;
  /** Any request header by lower-case name (the token's header is configurable). */
  readonly header: (name: string) => string | undefined;
  /** The request's logger, for its audit lines. */
  readonly log?: Logger;
}

// One message per outcome, never naming the session: an unknown session and one the caller may not
// read answer alike, so nobody learns which sessions exist by trying names.
const NOT_AVAILABLE = 'This WhatsApp session is not available to you';
const NO_DEFAULT = 'No WhatsApp session is set as your default: send x-wa-session';
const MAY_NOT_CHANGE = 'You may not change pictures in this WhatsApp session';

/**
 * Decides, once per request, who is asking and which session it may read and write. Under
 * AUTH_MODE=none everyone may use every session (as before this existed); under AUTH_MODE=jwt the
 * token is verified and the session's access rules apply. Nothing here calls a provider: every
 * refusal costs zero provider calls.
 */
export class Authorizer {
  readonly #options: AuthorizerOptions;
  readonly #audit: AccessAudit;
  readonly #verifier: JwtVerifier | null;
  readonly #keySet: RemoteKeySet | null;
  readonly #policy: SessionPolicy;

  constructor(options: AuthorizerOptions) {
    this.#options = options;
    this.#audit = new AccessAudit(options.logger, options.refusals);
    this.#policy = new SessionPolicy(options.sessions);
    if (options.auth.mode === 'none') {
      this.#verifier = null;
      this.#keySet = null;
      const ruled = options.sessions.filter((session) => session.access !== null && session.access !== ANY_VERIFIED_CALLER);
      if (ruled.length > 0) {
        options.logger.warn("AUTH_MODE=none: the sessions' access rules are ignored and every caller may read and write every session", {
          sessions: ruled.map((session) => session.name),
        });
      }
      return;
    }
    const jwt = options.auth.jwt;
    this.#keySet =
      jwt.keys.kind === 'jwks'
        ? new RemoteKeySet({ url: jwt.keys.url, logger: options.logger, ...(options.now ? { now: options.now } : {}) })
        : null;
    this.#verifier = new JwtVerifier(jwt, this.#keySet?.getKey ?? staticKey(jwt));
    for (const name of this.#policy.unreachable()) {
      options.logger.warn('AUTH_MODE=jwt: this session has no "access" rules, so nobody may use it', { session: name });
    }
  }

  /** Loads the signing keys ahead of the first request (JWKS only); never fails the start. */
  async warmUp(): Promise<void> {
    await this.#keySet?.warmUp();
  }

  async close(): Promise<void> {
    await this.#keySet?.close();
  }

  async authorize(request: AccessRequest): Promise<RequestAccess> {
    const audit = request.log === undefined ? this.#audit : this.#audit.withLogger(request.log);
    if (this.#verifier === null) {
      return this.#open(request.requestedSession ?? this.#options.defaultSession, audit);
    }
    const verification = await this.#verifier.verify(request.header(this.#verifier.tokenHeader));
    if (!verification.ok) {
      const error = unauthenticated(verification.reason, this.#verifier.tokenHeader);
      const decision: AccessDecision = { kind: 'refused', readError: error, writeError: error, reason: verification.reason };
      (request.log ?? this.#options.logger).debug('token refused', { reason: verification.reason, detail: verification.detail });
      return new RequestAccess({ principal: null, session: request.requestedSession ?? null }, decision, audit);
    }
    return this.#forPrincipal(verification.principal, request.requestedSession, audit);
  }

  /** AUTH_MODE=none: any session by name; an unknown one fails its fields with UNKNOWN_SESSION, as it always has. */
  #open(name: string, audit: AccessAudit): RequestAccess {
    const actor = { principal: null, session: name };
    const session = this.#options.registry.get(name);
    if (session !== undefined) {
      return new RequestAccess(actor, { kind: 'allowed', session, writeRefused: null }, audit);
    }
    const error = new AppError('UNKNOWN_SESSION', `Unknown WhatsApp session ${JSON.stringify(name.slice(0, 64))}`);
    return new RequestAccess(actor, { kind: 'refused', readError: error, writeError: error, reason: null }, audit);
  }

  #forPrincipal(principal: Principal, requested: string | undefined, audit: AccessAudit): RequestAccess {
    const name = requested ?? this.#policy.defaultSession(principal);
    if (name === null) {
      return this.#refused(principal, null, 'no_default_session', NO_DEFAULT, audit);
    }
    const session = this.#options.registry.get(name);
    if (session === undefined) {
      return this.#refused(principal, name, 'unknown_session', NOT_AVAILABLE, audit);
    }
    if (!this.#policy.mayRead(principal, name)) {
      return this.#refused(principal, name, 'session_not_readable', NOT_AVAILABLE, audit);
    }
    const writeRefused = this.#policy.mayWrite(principal, name)
      ? null
      : { shown: new Refusal('NOT_AUTHORIZED', MAY_NOT_CHANGE), reason: 'write_not_allowed' as const };
    return new RequestAccess({ principal, session: name }, { kind: 'allowed', session, writeRefused }, audit);
  }

  #refused(principal: Principal, session: string | null, reason: RefusalReason, message: string, audit: AccessAudit): RequestAccess {
    const decision: AccessDecision = {
      kind: 'refused',
      readError: new AppError('FORBIDDEN', message),
      writeError: new Refusal('NOT_AUTHORIZED', MAY_NOT_CHANGE),
      reason,
    };
    return new RequestAccess({ principal, session }, decision, audit);
  }
}

function staticKey(jwt: JwtConfig) {
  switch (jwt.keys.kind) {
    case 'public-key':
      return jwt.keys.key;
    case 'secret':
      return jwt.keys.secret;
    case 'jwks':
      throw new Error('a JWKS has no static key');
  }
}

function unauthenticated(reason: AuthenticationFailure, header: string): AppError {
  switch (reason) {
    case 'missing_token':
      return new AppError(
        'UNAUTHENTICATED',
        header === 'authorization'
          ? 'This field needs a token: send Authorization: Bearer <token>'
          : `This field needs a token in ${header}`,
      );
    case 'expired_token':
      return new AppError('UNAUTHENTICATED', 'The token has expired');
    case 'token_not_yet_valid':
      return new AppError('UNAUTHENTICATED', 'The token is not valid yet');
    case 'invalid_token':
      return new AppError('UNAUTHENTICATED', 'The token could not be verified');
    case 'keys_unavailable':
      // The identity provider's keys are out of reach: the caller's token may be fine, so not UNAUTHENTICATED.
      return new AppError('UPSTREAM_UNAVAILABLE', 'Tokens cannot be verified right now; try again shortly');
  }
}
