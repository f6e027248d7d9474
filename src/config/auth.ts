import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { ASYMMETRIC_ALGORITHMS, HMAC_MIN_SECRET_BYTES, hmacAlgorithms, publicKeyAlgorithms } from '../auth/algorithms.js';
import { ConfigError, headerName, httpUrl, integer, oneOf, raw, type Env } from './env.js';

/** Where the keys that verify callers' tokens come from: exactly one source per deployment. */
export type JwtKeySource =
  | { readonly kind: 'jwks'; readonly url: string }
  | { readonly kind: 'public-key'; readonly key: KeyObject }
  | { readonly kind: 'secret'; readonly secret: Uint8Array };

export interface JwtConfig {
  readonly keys: JwtKeySource;
  /** The JWS algorithms accepted: derived from the kind of key, optionally narrowed by AUTH_JWT_ALGORITHMS. */
  readonly algorithms: readonly string[];
  readonly issuer: string;
  readonly audience: string;
  readonly clockSkewSeconds: number;
  /** Lower-case header name; `authorization` carries `Bearer <jwt>`, any other header the raw token. */
  readonly tokenHeader: string;
  /** The claim holding the caller's scopes (a space-separated string or an array). */
  readonly scopesClaim: string;
  /** The claim logged as the caller's tenant in audit lines, when present. */
  readonly tenantClaim: string;
}

/**
 * `none`: every caller may read and write every session (the demo, a single tenant behind a trusted
 * router). `jwt`: each request carries a verified token and each session's access rules apply.
 */
export type AuthConfig = { readonly mode: 'none' } | { readonly mode: 'jwt'; readonly jwt: JwtConfig };

const AUTH_MODES = ['none', 'jwt'] as const;
const KEY_VARIABLES = ['AUTH_JWKS_URL', 'AUTH_JWT_PUBLIC_KEY', 'AUTH_JWT_SECRET'] as const;
// Set under AUTH_MODE=none they would suggest a protection that is not there: refusing to start is kinder.
const JWT_ONLY_VARIABLES = [...KEY_VARIABLES, 'AUTH_JWT_ISSUER', 'AUTH_JWT_AUDIENCE', 'AUTH_JWT_ALGORITHMS'] as const;
const CLAIM_NAME = /^[^\s]{1,128}$/;

export function authConfig(env: Env): AuthConfig {
  const mode = oneOf(env, 'AUTH_MODE', AUTH_MODES, 'none');
  if (mode === 'none') {
    const stray = JWT_ONLY_VARIABLES.find((name) => raw(env, name) !== undefined);
    if (stray !== undefined) {
      throw new ConfigError(
        'AUTH_MODE',
        `is none (every caller may use every session) but ${stray} is set; set AUTH_MODE=jwt or remove ${stray}`,
      );
    }
    return { mode };
  }
  const keys = keySource(env);
  return {
    mode,
    jwt: {
      keys,
      algorithms: algorithms(env, allowedAlgorithms(keys)),
      issuer: required(env, 'AUTH_JWT_ISSUER'),
      audience: required(env, 'AUTH_JWT_AUDIENCE'),
      clockSkewSeconds: integer(env, 'AUTH_CLOCK_SKEW_SECONDS', 30, 0, 300),
      tokenHeader: headerName('AUTH_TOKEN_HEADER', raw(env, 'AUTH_TOKEN_HEADER') ?? 'authorization'),
      scopesClaim: claimName(env, 'AUTH_SCOPES_CLAIM', 'scope'),
      tenantClaim: claimName(env, 'AUTH_TENANT_CLAIM', 'tenant'),
    },
  };
}

function required(env: Env, variable: string): string {
  const value = raw(env, variable);
  if (value === undefined) {
    throw new ConfigError(variable, 'required when AUTH_MODE=jwt');
  }
  return value;
}

/** Claim names are case-sensitive: taken as given. */
function claimName(env: Env, variable: string, fallback: string): string {
  const value = raw(env, variable) ?? fallback;
  if (!CLAIM_NAME.test(value)) {
    throw new ConfigError(variable, `expected a claim name, got ${JSON.stringify(value.slice(0, 64))}`);
  }
  return value;
}

function keySource(env: Env): JwtKeySource {
  const given = KEY_VARIABLES.filter((variable) => raw(env, variable) !== undefined);
  if (given.length !== 1) {
    throw new ConfigError(
      'AUTH_MODE',
      given.length === 0
        ? `jwt needs exactly one key source: ${KEY_VARIABLES.join(', ')}`
        : `jwt takes exactly one key source, got ${given.join(' and ')}`,
    );
  }
  const url = raw(env, 'AUTH_JWKS_URL');
  if (url !== undefined) {
    return { kind: 'jwks', url: jwksUrl(url) };
  }
  const pem = raw(env, 'AUTH_JWT_PUBLIC_KEY');
  if (pem !== undefined) {
    return { kind: 'public-key', key: publicKey(pem) };
  }
  const secret = new TextEncoder().encode(raw(env, 'AUTH_JWT_SECRET'));
  if (secret.length < HMAC_MIN_SECRET_BYTES) {
    throw new ConfigError('AUTH_JWT_SECRET', `expected at least ${HMAC_MIN_SECRET_BYTES} bytes (RFC 7518: as long as the HS256 hash)`);
  }
  return { kind: 'secret', secret };
}

/** Keys fetched over plain http could be swapped by anyone on the path; only loopback is exempt. */
function jwksUrl(value: string): string {
  const url = httpUrl('AUTH_JWKS_URL', value);
  const { protocol, hostname } = new URL(url);
  const host = hostname.replace(/^\[|\]$/g, '');
  const loopback = host === 'localhost' || (isIP(host) === 4 && host.startsWith('127.')) || host === '::1';
  if (protocol !== 'https:' && !loopback) {
    throw new ConfigError('AUTH_JWKS_URL', 'expected an https URL (plain http only to a loopback address)');
  }
  return url;
}

/** PEM text (literal `\n` sequences allowed, as env files write them) or `@/path/to/key.pem`. */
function publicKey(value: string): KeyObject {
  let pem = value;
  if (value.startsWith('@')) {
    try {
      pem = readFileSync(value.slice(1), 'utf8');
    } catch (error) {
      throw new ConfigError(
        'AUTH_JWT_PUBLIC_KEY',
        `cannot read ${JSON.stringify(value.slice(1))} (${(error as Error).message.split('\n')[0]})`,
      );
    }
  }
  pem = pem.replace(/\\n/g, '\n');
  if (/PRIVATE KEY-----/.test(pem)) {
    throw new ConfigError('AUTH_JWT_PUBLIC_KEY', 'is a private key; give the public key (BEGIN PUBLIC KEY) only');
  }
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch {
    throw new ConfigError('AUTH_JWT_PUBLIC_KEY', 'expected a PEM public key (BEGIN PUBLIC KEY) or certificate, or @/path/to/key.pem');
  }
  if (publicKeyAlgorithms(key).length === 0) {
    throw new ConfigError(
      'AUTH_JWT_PUBLIC_KEY',
      `a ${key.asymmetricKeyType ?? 'unknown'} key has no JWS algorithm; use RSA, EC (P-256/384/521) or Ed25519`,
    );
  }
  return key;
}

function allowedAlgorithms(keys: JwtKeySource): string[] {
  switch (keys.kind) {
    case 'jwks':
      return [...ASYMMETRIC_ALGORITHMS];
    case 'public-key':
      return publicKeyAlgorithms(keys.key);
    case 'secret':
      return hmacAlgorithms(keys.secret);
  }
}

/** AUTH_JWT_ALGORITHMS may only narrow what the key allows, never widen it. */
function algorithms(env: Env, allowed: readonly string[]): string[] {
  const value = raw(env, 'AUTH_JWT_ALGORITHMS');
  if (value === undefined) {
    return [...allowed];
  }
  const wanted = value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  const misfit = wanted.find((algorithm) => !allowed.includes(algorithm));
  if (misfit !== undefined || wanted.length === 0) {
    throw new ConfigError(
      'AUTH_JWT_ALGORITHMS',
      `${misfit === undefined ? 'is empty' : `${JSON.stringify(misfit)} does not fit this key source`}; allowed: ${allowed.join(', ')}`,
    );
  }
  return wanted;
}
