/**
 * The URL and store layout of hosted pictures, in one place.
 *
 * URLs (under PUBLIC_URL), all immutable and unguessable, none naming a phone number or a session:
 * - `/pictures/{session key}/{picture key}/{full|small}`: a hosted copy. The session key is an HMAC
 *   of the session's identity under PICTURE_URL_SECRET; the picture key is the picture's `id`
 *   (a hash of JID, size and version) for its full size. WebP, or JPEG for clients whose `Accept`
 *   does not name WebP.
 * - `/pictures/initials/{seed}/{full|small}/{initials}.svg` and
 *   `/pictures/identicons/{seed}/{full|small}.svg`: generated avatars; the seed is an HMAC of the JID.
 *
 * Store keys: every object of one hosted picture under `p/{session key}/{shard}/{picture key}/`:
 * `record.json` (whose JID it is and when it was last asked for) and the four variants.
 */
export const PICTURES_ROUTE = '/pictures/';

export type HostedSize = 'full' | 'small';
export type HostedFormat = 'webp' | 'jpeg';

export const HOSTED_SIZES: readonly HostedSize[] = ['full', 'small'];
export const HOSTED_FORMATS: readonly HostedFormat[] = ['webp', 'jpeg'];

/** Longest side of each size, in pixels: WhatsApp's own full size, and its preview size. */
export const SIZE_PIXELS: Readonly<Record<HostedSize, number>> = { full: 640, small: 96 };

export type PicturePath =
  | { readonly kind: 'hosted'; readonly sessionKey: string; readonly pictureKey: string; readonly size: HostedSize }
  | { readonly kind: 'initials'; readonly seed: string; readonly size: HostedSize; readonly initials: string }
  | { readonly kind: 'identicon'; readonly seed: string; readonly size: HostedSize };

const KEY = '[A-Za-z0-9_-]{22}';
const SEED = '[A-Za-z0-9_-]{16}';
const HOSTED = new RegExp(`^/pictures/(${KEY})/(${KEY})/(full|small)$`);
const INITIALS = new RegExp(`^/pictures/initials/(${SEED})/(full|small)/([^/]{1,64})\\.svg$`);
const IDENTICON = new RegExp(`^/pictures/identicons/(${SEED})/(full|small)\\.svg$`);
// A listed store key of a hosted picture (see objectPrefix); compiled once, the sweep tests every key.
const OBJECT_KEY = new RegExp(`^p/(${KEY})/[A-Za-z0-9_-]{2}/(${KEY})/[^/]+$`);

/** A hosted picture's path without its size, which the caller appends. */
export function hostedBasePath(sessionKey: string, pictureKey: string): string {
  return `/pictures/${sessionKey}/${pictureKey}/`;
}

export function initialsPath(seed: string, size: HostedSize, initials: string): string {
  return `/pictures/initials/${seed}/${size}/${encodeURIComponent(initials)}.svg`;
}

export function identiconPath(seed: string, size: HostedSize): string {
  return `/pictures/identicons/${seed}/${size}.svg`;
}

/** Reads a path back; null for anything this service never hands out (checked before any I/O). */
export function parsePicturePath(pathname: string): PicturePath | null {
  const hosted = HOSTED.exec(pathname);
  if (hosted !== null) {
    return { kind: 'hosted', sessionKey: hosted[1] as string, pictureKey: hosted[2] as string, size: hosted[3] as HostedSize };
  }
  const identicon = IDENTICON.exec(pathname);
  if (identicon !== null) {
    return { kind: 'identicon', seed: identicon[1] as string, size: identicon[2] as HostedSize };
  }
  const initials = INITIALS.exec(pathname);
  if (initials !== null) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(initials[3] as string);
    } catch {
      return null;
    }
    return { kind: 'initials', seed: initials[1] as string, size: initials[2] as HostedSize, initials: decoded };
  }
  return null;
}

function objectPrefix(sessionKey: string, pictureKey: string): string {
  // Two characters of shard keep directories (and S3 listings per session) small.
  return `p/${sessionKey}/${pictureKey.slice(0, 2)}/${pictureKey}/`;
}

export const RECORD_FILE = 'record.json';

export function recordKey(sessionKey: string, pictureKey: string): string {
  return `${objectPrefix(sessionKey, pictureKey)}${RECORD_FILE}`;
}

export function variantKey(sessionKey: string, pictureKey: string, size: HostedSize, format: HostedFormat): string {
  return `${objectPrefix(sessionKey, pictureKey)}${size}.${format === 'webp' ? 'webp' : 'jpg'}`;
}

/** Every variant key one hosted picture may have (its record aside), for removing it whole. */
export function variantKeys(sessionKey: string, pictureKey: string): string[] {
  return HOSTED_SIZES.flatMap((size) => HOSTED_FORMATS.map((format) => variantKey(sessionKey, pictureKey, size, format)));
}

/** The store prefix the retention sweep walks. */
export const PICTURES_PREFIX = 'p/';

/** The hosted picture a listed store key belongs to, or null for a key of another layout. */
export function pictureOfKey(key: string): { readonly sessionKey: string; readonly pictureKey: string } | null {
  const match = OBJECT_KEY.exec(key);
  return match === null ? null : { sessionKey: match[1] as string, pictureKey: match[2] as string };
}
