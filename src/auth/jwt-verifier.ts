import { errors, jwtVerify, type JWTVerifyGetKey, type KeyObject } from 'jose';
import type { JwtConfig } from '../config/index.js';
import { KeysUnavailableError } from './jwks.js';
import { Principal } from './principal.js';
import type { AuthenticationFailure } from './refusal-reason.js';

/** How a request's token came out: a principal, or why there is none (`detail` is for logs only). */
export type Verification =
  | { readonly ok: true; readonly principal: Principal }
  | { readonly ok: false; readonly reason: AuthenticationFailure; readonly detail: string };

/** Far above any real access token; a larger header is refused before it is parsed. */
const MAX_TOKEN_LENGTH = 16 * 1024;
const BEARER = /^Bearer[ \t]+([^\s]+)[ \t]*$/i;

/**
 * Verifies the caller's JWT: signature with the deployment's keys and only the algorithms its key
 * kind allows, `iss`, `aud`, `exp` (required: a token that never expires is refused) and `nbf`
 * within the clock skew, and a `sub` to say who acted.
 */
export class JwtVerifier {
  readonly #config: JwtConfig;
  readonly #key: KeyObject | Uint8Array | JWTVerifyGetKey;

  constructor(config: JwtConfig, key: KeyObject | Uint8Array | JWTVerifyGetKey) {
    this.#config = config;
    this.#key = key;
  }

  /** The header the token travels in, lower-case. */
  get tokenHeader(): string {
    return this.#config.tokenHeader;
  }

  async verify(headerValue: string | undefined): Promise<Verification> {
    const token = this.#token(headerValue);
    if (token === null) {
      return { ok: false, reason: 'missing_token', detail: `no token in ${this.#config.tokenHeader}` };
    }
    if (token.length > MAX_TOKEN_LENGTH) {
      return { ok: false, reason: 'invalid_token', detail: 'token too long' };
    }
    try {
      const { payload } = await jwtVerify(token, this.#key, {
        issuer: this.#config.issuer,
        audience: this.#config.audience,
        algorithms: [...this.#config.algorithms],
        clockTolerance: this.#config.clockSkewSeconds,
        requiredClaims: ['exp', 'sub'],
      });
      if (typeof payload.sub !== 'string' || payload.sub === '') {
        return { ok: false, reason: 'invalid_token', detail: 'sub is not a non-empty string' };
      }
      return {
        ok: true,
        principal: new Principal(payload.sub, payload, { scopes: this.#config.scopesClaim, tenant: this.#config.tenantClaim }),
      };
    } catch (error) {
      return failure(error);
    }
  }

  /** `Authorization: Bearer <jwt>`; any other configured header carries the token itself (a `Bearer ` prefix is tolerated). */
  #token(value: string | undefined): string | null {
    const trimmed = value?.trim() ?? '';
    if (trimmed === '') {
      return null;
    }
    const bearer = BEARER.exec(trimmed);
    if (bearer !== null) {
      return bearer[1] as string;
    }
    return this.#config.tokenHeader === 'authorization' ? null : trimmed;
  }
}

function failure(error: unknown): Verification {
  if (error instanceof KeysUnavailableError) {
    return { ok: false, reason: 'keys_unavailable', detail: error.message };
  }
  if (error instanceof errors.JWTExpired) {
    return { ok: false, reason: 'expired_token', detail: error.code };
  }
  if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'nbf') {
    return { ok: false, reason: 'token_not_yet_valid', detail: error.code };
  }
  if (error instanceof errors.JOSEError) {
    const claim = error instanceof errors.JWTClaimValidationFailed ? ` (${error.claim}: ${error.reason})` : '';
    return { ok: false, reason: 'invalid_token', detail: `${error.code}${claim}` };
  }
  // Anything else is a bug in verification, not a verdict on the token: refuse, and say what happened in the log.
  return { ok: false, reason: 'invalid_token', detail: error instanceof Error ? `${error.name}: ${error.message}` : 'unknown failure' };
}
