import type { KeyObject } from 'node:crypto';

/**
 * Which JWS algorithms a key may verify. The allowlist comes from the kind of key, never from the
 * token: a public key verifies only asymmetric signatures and a shared secret only HMACs, so a
 * token signed with HS256 using the (public) RSA key as its secret is refused (RS/HS confusion),
 * and `none` is never on any list.
 */

const RSA_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'] as const;
const RSA_PSS_ALGORITHMS = ['PS256', 'PS384', 'PS512'] as const;
const EDDSA_ALGORITHMS = ['EdDSA', 'Ed25519'] as const;
const EC_ALGORITHMS_BY_CURVE: Readonly<Record<string, string>> = {
  'P-256': 'ES256',
  'P-384': 'ES384',
  'P-521': 'ES512',
  prime256v1: 'ES256',
  secp384r1: 'ES384',
  secp521r1: 'ES512',
};

/** Every asymmetric algorithm: what keys from a JWKS may use (each key is still matched to its own type by jose). */
export const ASYMMETRIC_ALGORITHMS: readonly string[] = [...RSA_ALGORITHMS, 'ES256', 'ES384', 'ES512', ...EDDSA_ALGORITHMS];

/** RFC 7518 §3.2: an HMAC key is at least as long as the hash. */
const HMAC_MIN_BYTES: ReadonlyArray<readonly [string, number]> = [
  ['HS256', 32],
  ['HS384', 48],
  ['HS512', 64],
];

export const HMAC_MIN_SECRET_BYTES = 32;

/** The HMAC algorithms a secret of this length is strong enough for. */
export function hmacAlgorithms(secret: Uint8Array): string[] {
  return HMAC_MIN_BYTES.filter(([, bytes]) => secret.length >= bytes).map(([algorithm]) => algorithm);
}

/** The algorithms a public key can verify; empty for a key type JWS has no algorithm for. */
export function publicKeyAlgorithms(key: KeyObject): string[] {
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return [...RSA_ALGORITHMS];
    case 'rsa-pss':
      return [...RSA_PSS_ALGORITHMS];
    case 'ec': {
      const algorithm = EC_ALGORITHMS_BY_CURVE[key.asymmetricKeyDetails?.namedCurve ?? ''];
      return algorithm === undefined ? [] : [algorithm];
    }
    case 'ed25519':
      return [...EDDSA_ALGORITHMS];
    case 'ed448':
      return ['EdDSA'];
    default:
      return [];
  }
}
