import { Refusal } from '../errors.js';
import type { HostAllowlist } from './host-allowlist.js';

/** An image URL that passed the scheme and credential rules; its address is checked separately. */
export interface CheckedUrl {
  readonly url: URL;
  /** Its `host:port` is in the operator's allowlist: plain http and private addresses are fine. */
  readonly allowlisted: boolean;
  /** The port a socket is opened to (the scheme's default when the URL names none). */
  readonly port: number;
}

const DEFAULT_PORTS: ReadonlyMap<string, number> = new Map([
  ['http:', 80],
  ['https:', 443],
]);

function forbidden(message: string): Refusal {
  return new Refusal('FORBIDDEN_IMAGE_URL', message);
}

/**
 * Applies the rules that need no network: https only (http only for allowlisted hosts), no
 * credentials in the URL, and, when `onlyHosts` is given, a host it names. Messages never repeat the URL: its query may carry a signature.
 * Unparseable URLs are FORBIDDEN_IMAGE_URL too: nothing was fetched, the URL is what must change.
 */
export function checkImageUrl(value: string, allowHosts: ReadonlySet<string>, base?: URL, onlyHosts?: HostAllowlist): CheckedUrl {
  let url: URL;
  try {
    // `base` resolves a redirect's relative Location against the URL that answered it.
    url = new URL(value, base);
  } catch {
    throw forbidden('The image URL is not a valid absolute URL; send an https URL');
  }
  const defaultPort = DEFAULT_PORTS.get(url.protocol);
  if (defaultPort === undefined) {
    throw forbidden(`Image URLs must use https, not ${url.protocol.replace(/:$/, '')}`);
  }
  if (url.username !== '' || url.password !== '') {
    throw forbidden('Image URLs must not carry credentials; send a URL without user:password@');
  }
  const port = url.port === '' ? defaultPort : Number(url.port);
  // Before DNS: a host outside the confining list is never even looked up.
  if (onlyHosts !== undefined && !onlyHosts.matches(url.hostname, port)) {
    throw forbidden('The image host is not one this service downloads pictures from');
  }
  // The allowlist is written as host:port even for default ports, while URL.host drops them.
  const allowlisted = allowHosts.has(`${url.hostname}:${port}`);
  if (url.protocol === 'http:' && !allowlisted) {
    throw forbidden('Image URLs must use https');
  }
  return { url, allowlisted, port };
}
