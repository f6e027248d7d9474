import { describe, expect, it } from 'vitest';
import { JwtVerifier } from '../../src/auth/jwt-verifier.js';
import { loadConfig } from '../../src/config/index.js';
import { AUDIENCE, ISSUER, mint, signingKey, unsignedToken, type SigningKey } from '../support/identity-provider.js';

const SECRET = 'a-shared-secret-of-at-least-32-bytes!!';
const CLAIMS = { tenant: 'acme', scope: 'pictures:write' };

function verifierFor(env: Record<string, string>): JwtVerifier {
  const { auth } = loadConfig({ AUTH_MODE: 'jwt', AUTH_JWT_ISSUER: ISSUER, AUTH_JWT_AUDIENCE: AUDIENCE, ...env });
  if (auth.mode !== 'jwt') {
    throw new Error('expected AUTH_MODE=jwt');
  }
  const { keys } = auth.jwt;
  if (keys.kind === 'jwks') {
    throw new Error('expected a static key');
  }
  return new JwtVerifier(auth.jwt, keys.kind === 'public-key' ? keys.key : keys.secret);
}

async function outcome(verifier: JwtVerifier, token: string): Promise<string> {
  const verification = await verifier.verify(`Bearer ${token}`);
  return verification.ok ? `ok ${verification.principal.subject}` : verification.reason;
}

describe('verifying tokens with a static public key (AUTH_JWT_PUBLIC_KEY)', () => {
  it.each(['ES256', 'EdDSA', 'PS256', 'RS256'])('accepts %s signed by the key, and nothing signed otherwise', async (alg) => {
    const key: SigningKey = await signingKey('k', alg);
    const verifier = verifierFor({ AUTH_JWT_PUBLIC_KEY: key.publicPem });

    expect(await outcome(verifier, await mint(key, CLAIMS))).toBe('ok user-1');
    // The classic confusion: HS256 with the public key's PEM as the HMAC secret.
    expect(await outcome(verifier, await mint({ alg: 'HS256', secret: new TextEncoder().encode(key.publicPem) }, CLAIMS))).toBe(
      'invalid_token',
    );
    expect(await outcome(verifier, await mint(await signingKey('k', alg), CLAIMS))).toBe('invalid_token');
    expect(await outcome(verifier, unsignedToken(CLAIMS))).toBe('invalid_token');
  });

  it('refuses an algorithm the key could verify but AUTH_JWT_ALGORITHMS left out', async () => {
    const key = await signingKey('k', 'PS256');
    const verifier = verifierFor({ AUTH_JWT_PUBLIC_KEY: key.publicPem, AUTH_JWT_ALGORITHMS: 'RS256' });
    expect(await outcome(verifier, await mint(key, CLAIMS))).toBe('invalid_token');
  });
});

describe('verifying tokens with a shared secret (AUTH_JWT_SECRET)', () => {
  const secret = new TextEncoder().encode(SECRET);
  const verifier = verifierFor({ AUTH_JWT_SECRET: SECRET });

  it('accepts HS256 with the secret and refuses another secret, alg none and asymmetric tokens', async () => {
    expect(await outcome(verifier, await mint({ alg: 'HS256', secret }, CLAIMS))).toBe('ok user-1');
    expect(await outcome(verifier, await mint({ alg: 'HS256', secret: new TextEncoder().encode(`${SECRET}-other`) }, CLAIMS))).toBe(
      'invalid_token',
    );
    expect(await outcome(verifier, unsignedToken(CLAIMS))).toBe('invalid_token');
    expect(await outcome(verifier, await mint(await signingKey('k'), CLAIMS))).toBe('invalid_token');
  });

  it('refuses HS512 when the secret is too short for it (RFC 7518)', async () => {
    expect(await outcome(verifier, await mint({ alg: 'HS512', secret }, CLAIMS))).toBe('invalid_token');
  });

  it('tells missing, expired and premature tokens apart for the logs and metrics', async () => {
    expect((await verifier.verify(undefined)).ok).toBe(false);
    expect(await verifier.verify('')).toMatchObject({ ok: false, reason: 'missing_token' });
    expect(await outcome(verifier, await mint({ alg: 'HS256', secret }, CLAIMS, { expiresIn: -3600 }))).toBe('expired_token');
    expect(await outcome(verifier, await mint({ alg: 'HS256', secret }, CLAIMS, { notBefore: 3600 }))).toBe('token_not_yet_valid');
    expect(await outcome(verifier, `${'a'.repeat(20_000)}.b.c`)).toBe('invalid_token');
  });

  it('reads the raw token from a router-set header, tolerating a Bearer prefix there', async () => {
    const routed = verifierFor({ AUTH_JWT_SECRET: SECRET, AUTH_TOKEN_HEADER: 'x-forwarded-jwt' });
    const token = await mint({ alg: 'HS256', secret }, CLAIMS);
    expect(routed.tokenHeader).toBe('x-forwarded-jwt');
    expect(await routed.verify(token)).toMatchObject({ ok: true });
    expect(await routed.verify(`Bearer ${token}`)).toMatchObject({ ok: true });
    // Under Authorization the Bearer scheme is required.
    expect(await verifier.verify(token)).toMatchObject({ ok: false, reason: 'missing_token' });
  });

  it('maps the claims to a principal: subject, tenant and scopes', async () => {
    const verification = await verifier.verify(
      `Bearer ${await mint({ alg: 'HS256', secret }, { tenant: 'acme', scope: 'a pictures:write' }, { subject: 'agent-7' })}`,
    );
    if (!verification.ok) {
      throw new Error(verification.detail);
    }
    expect(verification.principal.subject).toBe('agent-7');
    expect(verification.principal.tenant).toBe('acme');
    expect([...verification.principal.scopes]).toEqual(['a', 'pictures:write']);
  });
});
