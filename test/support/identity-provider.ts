import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';

export const ISSUER = 'https://id.example.test/';
export const AUDIENCE = 'pictures-subgraph';

export interface SigningKey {
  readonly kid: string;
  readonly alg: string;
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
  /** The public key as PEM: what an attacker signs HS256 tokens with in an RS/HS confusion attempt. */
  readonly publicPem: string;
}

export interface MintOptions {
  readonly key?: SigningKey;
  /** Seconds from now; negative for the past. Null leaves `exp` out. */
  readonly expiresIn?: number | null;
  readonly notBefore?: number;
  readonly issuer?: string;
  readonly audience?: string;
  readonly subject?: string | null;
  /** Overrides the header's `kid`. */
  readonly kid?: string;
}

export async function signingKey(kid: string, alg = 'RS256'): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return {
    kid,
    alg,
    privateKey,
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' },
    publicPem: await exportSPKI(publicKey),
  };
}

/**
 * An identity provider for tests: a JWKS served on a loopback port (counting its fetches) and
 * tokens minted with jose, the way Auth0, Okta or Keycloak would issue them.
 */
export async function startIdentityProvider() {
  const published: SigningKey[] = [await signingKey('key-1')];
  let fetches = 0;
  const server = createServer((request, response) => {
    if (request.url !== '/.well-known/jwks.json') {
      response.writeHead(404).end();
      return;
    }
    fetches += 1;
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: published.map((key) => key.publicJwk) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;

  return {
    jwksUrl,
    /** The key tokens are signed with unless told otherwise. */
    get currentKey(): SigningKey {
      return published[0] as SigningKey;
    },
    get fetches(): number {
      return fetches;
    },
    /** Publishes another key in the JWKS, as a provider does before it starts signing with it. */
    publish(key: SigningKey): void {
      published.push(key);
    },
    mint(claims: JWTPayload, options: MintOptions = {}): Promise<string> {
      return mint(options.key ?? (published[0] as SigningKey), claims, options);
    },
    close(): Promise<void> {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

export type IdentityProvider = Awaited<ReturnType<typeof startIdentityProvider>>;

/** A token signed with `key`, with iss, aud, sub, iat and exp set as a real provider would. */
export function mint(
  key: SigningKey | { readonly alg: string; readonly kid?: string; readonly secret: Uint8Array },
  claims: JWTPayload,
  options: MintOptions = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: key.alg, typ: 'JWT', ...((options.kid ?? key.kid) === undefined ? {} : { kid: options.kid ?? key.kid }) })
    .setIssuer(options.issuer ?? ISSUER)
    .setAudience(options.audience ?? AUDIENCE)
    .setIssuedAt(now);
  if (options.subject !== null) {
    jwt.setSubject(options.subject ?? 'user-1');
  }
  if (options.expiresIn !== null) {
    jwt.setExpirationTime(now + (options.expiresIn ?? 300));
  }
  if (options.notBefore !== undefined) {
    jwt.setNotBefore(now + options.notBefore);
  }
  return jwt.sign('secret' in key ? key.secret : key.privateKey);
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An unsecured JWT (`alg: none`, empty signature): what must never pass. */
export function unsignedToken(claims: JWTPayload): string {
  const now = Math.floor(Date.now() / 1000);
  return `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ iss: ISSUER, aud: AUDIENCE, sub: 'user-1', iat: now, exp: now + 300, ...claims })}.`;
}

/** `token` with its payload changed but its signature kept: a forged claim. */
export function tampered(token: string, change: JWTPayload): string {
  const [header, payload, signature] = token.split('.') as [string, string, string];
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as JWTPayload;
  return `${header}.${base64url({ ...claims, ...change })}.${signature}`;
}
