/**
 * WhatsApp's picture CDN (pps.whatsapp.net, like other Meta CDNs) signs each URL until the instant
 * in its `oe` query parameter: Unix seconds in hexadecimal. After it the CDN answers 403
 * "URL signature expired", so a cached URL must never outlive it.
 */
export function urlExpiry(url: string): Date | null {
  let oe: string | null;
  try {
    oe = new URL(url).searchParams.get('oe');
  } catch {
    return null;
  }
  if (oe === null || !/^[0-9a-f]{1,12}$/i.test(oe)) {
    return null;
  }
  return new Date(Number.parseInt(oe, 16) * 1000);
}

/**
 * The part of a CDN URL that names the image itself. The query (signature, expiry, routing hints)
 * rotates on every fetch of the same picture, the path does not.
 */
export function stableUrlPath(url: string): string | null {
  try {
    const { host, pathname } = new URL(url);
    return `${host}${pathname}`;
  } catch {
    return null;
  }
}
