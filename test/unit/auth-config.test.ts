import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, type AuthConfig, type JwtConfig } from '../../src/config/index.js';
import { configFailure } from '../support/config-failure.js';

const JWT = { AUTH_MODE: 'jwt', AUTH_JWT_ISSUER: 'https://id.example.test/', AUTH_JWT_AUDIENCE: 'pictures' };
const SECRET = 'a-shared-secret-of-at-least-32-bytes!!';

function jwt(auth: AuthConfig): JwtConfig {
  if (auth.mode !== 'jwt') {
    throw new Error('expected AUTH_MODE=jwt');
  }
  return auth.jwt;
}

const spki = (key: KeyObject) => key.export({ type: 'spki', format: 'pem' }).toString();

function pem(type: 'rsa' | 'ec' | 'ed25519' | 'x25519', namedCurve = 'P-256'): string {
  switch (type) {
    case 'rsa':
      return spki(generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey);
    case 'ec':
      return spki(generateKeyPairSync('ec', { namedCurve }).publicKey);
    case 'ed25519':
      return spki(generateKeyPairSync('ed25519').publicKey);
    case 'x25519':
      return spki(generateKeyPairSync('x25519').publicKey);
  }
}

describe('AUTH_MODE and the AUTH_* variables', () => {
  it('defaults to none, which needs nothing else', () => {
    expect(loadConfig({}).auth).toEqual({ mode: 'none' });
  });

  it('refuses to start open when a jwt setting suggests protection was meant', () => {
    expect(configFailure({ AUTH_JWKS_URL: 'https://id.example.test/jwks.json' })).toBe(
      'AUTH_MODE: is none (every caller may use every session) but AUTH_JWKS_URL is set; set AUTH_MODE=jwt or remove AUTH_JWKS_URL',
    );
    expect(configFailure({ AUTH_MODE: 'oauth' })).toBe('AUTH_MODE: expected one of none, jwt, got "oauth"');
  });

  it('reads a JWKS deployment with its defaults: every asymmetric algorithm, 30 s skew, Authorization, scope', () => {
    expect(jwt(loadConfig({ ...JWT, AUTH_JWKS_URL: 'https://id.example.test/.well-known/jwks.json' }).auth)).toEqual({
      keys: { kind: 'jwks', url: 'https://id.example.test/.well-known/jwks.json' },
      algorithms: ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'],
      issuer: 'https://id.example.test/',
      audience: 'pictures',
      clockSkewSeconds: 30,
      tokenHeader: 'authorization',
      scopesClaim: 'scope',
      tenantClaim: 'tenant',
    });
  });

  it('derives the algorithms from the key: a public key only its own signatures, a secret only HMACs strong enough for it', () => {
    expect(jwt(loadConfig({ ...JWT, AUTH_JWT_PUBLIC_KEY: pem('rsa') }).auth).algorithms).toEqual([
      'RS256',
      'RS384',
      'RS512',
      'PS256',
      'PS384',
      'PS512',
    ]);
    expect(jwt(loadConfig({ ...JWT, AUTH_JWT_PUBLIC_KEY: pem('ec', 'P-384') }).auth).algorithms).toEqual(['ES384']);
    expect(jwt(loadConfig({ ...JWT, AUTH_JWT_PUBLIC_KEY: pem('ed25519') }).auth).algorithms).toEqual(['EdDSA', 'Ed25519']);
    expect(jwt(loadConfig({ ...JWT, AUTH_JWT_SECRET: SECRET }).auth).algorithms).toEqual(['HS256']);
    expect(jwt(loadConfig({ ...JWT, AUTH_JWT_SECRET: SECRET.repeat(2) }).auth).algorithms).toEqual(['HS256', 'HS384', 'HS512']);
  });

  it('reads a PEM from a file (@path) or with literal \\n, as env files write it', () => {
    const key = pem('ec');
    const path = join(mkdtempSync(join(tmpdir(), 'auth-')), 'key.pem');
    writeFileSync(path, key);
    expect(jwt(loadConfig({ ...JWT, AUTH_JWT_PUBLIC_KEY: `@${path}` }).auth).algorithms).toEqual(['ES256']);
    expect(jwt(loadConfig({ ...JWT, AUTH_JWT_PUBLIC_KEY: key.trim().replace(/\n/g, '\\n') }).auth).keys.kind).toBe('public-key');
  });

  it('narrows the algorithms with AUTH_JWT_ALGORITHMS, never widens them', () => {
    expect(
      jwt(loadConfig({ ...JWT, AUTH_JWKS_URL: 'https://id.example.test/jwks', AUTH_JWT_ALGORITHMS: 'RS256, ES256' }).auth).algorithms,
    ).toEqual(['RS256', 'ES256']);
    expect(configFailure({ ...JWT, AUTH_JWKS_URL: 'https://id.example.test/jwks', AUTH_JWT_ALGORITHMS: 'HS256' })).toMatch(
      /^AUTH_JWT_ALGORITHMS: "HS256" does not fit this key source; allowed: RS256, /,
    );
    expect(configFailure({ ...JWT, AUTH_JWT_PUBLIC_KEY: pem('rsa'), AUTH_JWT_ALGORITHMS: 'none' })).toMatch(
      /^AUTH_JWT_ALGORITHMS: "none" does not fit/,
    );
    expect(configFailure({ ...JWT, AUTH_JWT_SECRET: SECRET, AUTH_JWT_ALGORITHMS: 'RS256' })).toBe(
      'AUTH_JWT_ALGORITHMS: "RS256" does not fit this key source; allowed: HS256',
    );
  });

  it.each([
    [{ AUTH_MODE: 'jwt', AUTH_JWT_AUDIENCE: 'a', AUTH_JWKS_URL: 'https://id/jwks' }, 'AUTH_JWT_ISSUER: required when AUTH_MODE=jwt'],
    [{ AUTH_MODE: 'jwt', AUTH_JWT_ISSUER: 'i', AUTH_JWKS_URL: 'https://id/jwks' }, 'AUTH_JWT_AUDIENCE: required when AUTH_MODE=jwt'],
    [JWT, 'AUTH_MODE: jwt needs exactly one key source: AUTH_JWKS_URL, AUTH_JWT_PUBLIC_KEY, AUTH_JWT_SECRET'],
    [
      { ...JWT, AUTH_JWKS_URL: 'https://id/jwks', AUTH_JWT_SECRET: SECRET },
      'AUTH_MODE: jwt takes exactly one key source, got AUTH_JWKS_URL and AUTH_JWT_SECRET',
    ],
    [
      { ...JWT, AUTH_JWKS_URL: 'http://id.example.test/jwks' },
      'AUTH_JWKS_URL: expected an https URL (plain http only to a loopback address)',
    ],
    [{ ...JWT, AUTH_JWKS_URL: 'https://id/jwks?tenant=1' }, 'AUTH_JWKS_URL: expected a base URL without credentials, query or fragment'],
    [{ ...JWT, AUTH_JWT_SECRET: 'short' }, 'AUTH_JWT_SECRET: expected at least 32 bytes (RFC 7518: as long as the HS256 hash)'],
    [
      { ...JWT, AUTH_JWT_PUBLIC_KEY: 'not a key' },
      'AUTH_JWT_PUBLIC_KEY: expected a PEM public key (BEGIN PUBLIC KEY) or certificate, or @/path/to/key.pem',
    ],
    [
      { ...JWT, AUTH_JWT_PUBLIC_KEY: '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEI\n-----END PRIVATE KEY-----' },
      'AUTH_JWT_PUBLIC_KEY: is a private key; give the public key (BEGIN PUBLIC KEY) only',
    ],
    [
      { ...JWT, AUTH_JWT_PUBLIC_KEY: pem('x25519') },
      'AUTH_JWT_PUBLIC_KEY: a x25519 key has no JWS algorithm; use RSA, EC (P-256/384/521) or Ed25519',
    ],
    [{ ...JWT, AUTH_JWT_PUBLIC_KEY: '@/nonexistent/key.pem' }, /^AUTH_JWT_PUBLIC_KEY: cannot read "\/nonexistent\/key.pem"/],
    [
      { ...JWT, AUTH_JWT_SECRET: SECRET, AUTH_CLOCK_SKEW_SECONDS: '3600' },
      'AUTH_CLOCK_SKEW_SECONDS: expected a whole number from 0 to 300, got "3600"',
    ],
    [{ ...JWT, AUTH_JWT_SECRET: SECRET, AUTH_TOKEN_HEADER: 'x bad' }, 'AUTH_TOKEN_HEADER: expected an HTTP header name, got "x bad"'],
  ])('names the problem: %j', (env, message) => {
    if (typeof message === 'string') {
      expect(configFailure(env)).toBe(message);
    } else {
      expect(configFailure(env)).toMatch(message);
    }
  });

  it('accepts plain http only to a loopback JWKS (a sidecar, or tests)', () => {
    for (const url of ['http://127.0.0.1:8080/jwks', 'http://localhost/jwks', 'http://[::1]:9000/jwks']) {
      expect(jwt(loadConfig({ ...JWT, AUTH_JWKS_URL: url }).auth).keys).toEqual({ kind: 'jwks', url });
    }
  });

  it('takes another token header (lower-cased), scopes claim and tenant claim', () => {
    const config = jwt(
      loadConfig({
        ...JWT,
        AUTH_JWT_SECRET: SECRET,
        AUTH_TOKEN_HEADER: 'X-Forwarded-JWT',
        AUTH_SCOPES_CLAIM: 'permissions',
        AUTH_TENANT_CLAIM: 'org_id',
      }).auth,
    );
    expect([config.tokenHeader, config.scopesClaim, config.tenantClaim]).toEqual(['x-forwarded-jwt', 'permissions', 'org_id']);
  });
});
