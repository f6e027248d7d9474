import { Instant } from './instant.js';

/**
 * WhatsApp's picture CDN (pps.whatsapp.net, like other Meta CDNs) signs each URL until the instant
 * in its `oe` query parameter: Unix seconds in hexadecimal. After it the CDN answers 403
 * "URL signature expired", so a cached URL must never outlive it.
 */
export function urlExpiry(url: string): Instant | null {
  let oe: string | null;
  try {
    oe = new URL(url).searchParams.get('oe');
  } catch {
    return null;
  }
  if (oe === null || !/^[0-9a-f]{1,12}$/i.test(oe)) {
    return null;
  }
  return new Instant(Number.parseInt(oe, 16) * 1000);
}

/**
 * The name of the image a CDN URL points at: the last segment of its path. The query (signature,
 * expiry, routing hints, and on Meta's CDNs the requested size) rotates on every fetch of one
 * picture and differs between its sizes, and the directories before the name may name the size
 * too (`…/s96x96/…`); the file name is what stays with the picture.
 */
export function stableImageName(url: string): string | null {
  let pathname: string;
  try {
    pathname = new URL(url).pathname;
  } catch {
    return null;
  }
  const name = pathname
    .split('/')
    .filter((segment) => segment !== '')
    .at(-1);
  return name === undefined ? null : name;
}
