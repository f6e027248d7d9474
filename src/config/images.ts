import { ConfigError, integer, raw, type Env } from './env.js';

/** Image intake: what setGroupPicture accepts, and how it fetches a URL. */
export interface ImageConfig {
  /** Largest image accepted, as fetched or as decoded from base64 (IMAGE_MAX_BYTES). */
  readonly maxBytes: number;
  /** Most pixels an image may declare; stops decompression bombs before decoding (IMAGE_MAX_PIXELS). */
  readonly maxPixels: number;
  /** `host:port` origins exempt from the private-address rule, and allowed over plain http (IMAGE_FETCH_ALLOW_HOSTS). */
  readonly allowHosts: ReadonlySet<string>;
  /** Deadline to connect to an image host (IMAGE_FETCH_CONNECT_TIMEOUT_MS). */
  readonly connectTimeoutMs: number;
  /** Deadline of a whole image fetch, redirects and body included (IMAGE_FETCH_TIMEOUT_MS). */
  readonly fetchTimeoutMs: number;
}

function allowHosts(env: Env): ReadonlySet<string> {
  const value = raw(env, 'IMAGE_FETCH_ALLOW_HOSTS');
  if (value === undefined) {
    return new Set();
  }
  const hosts = value
    .split(',')
    .map((entry) => entry.trim().toLowerCase())
    .filter((entry) => entry !== '');
  for (const host of hosts) {
    // A bracketed IPv6 address or a name/IPv4 address, then a port: exactly what an URL's `host` is.
    if (!/^(?:\[[0-9a-f:.]+\]|[a-z0-9.-]+):\d{1,5}$/.test(host) || Number(host.slice(host.lastIndexOf(':') + 1)) > 65_535) {
      throw new ConfigError('IMAGE_FETCH_ALLOW_HOSTS', `expected comma-separated host:port entries, got ${JSON.stringify(host)}`);
    }
  }
  return new Set(hosts);
}

export function imageConfig(env: Env): ImageConfig {
  const fetchTimeoutMs = integer(env, 'IMAGE_FETCH_TIMEOUT_MS', 10_000, 100, 120_000);
  return {
    maxBytes: integer(env, 'IMAGE_MAX_BYTES', 5 * 1024 * 1024, 1024, 50 * 1024 * 1024),
    maxPixels: integer(env, 'IMAGE_MAX_PIXELS', 25_000_000, 10_000, 268_402_689),
    allowHosts: allowHosts(env),
    connectTimeoutMs: integer(env, 'IMAGE_FETCH_CONNECT_TIMEOUT_MS', Math.min(3_000, fetchTimeoutMs), 100, fetchTimeoutMs),
    fetchTimeoutMs,
  };
}
