import { decodeImageBase64 } from './base64.js';
import type { HostAllowlist } from './host-allowlist.js';
import type { Connector } from './pinned-connector.js';
import type { Resolve } from './resolve-target.js';
import { SafeFetcher } from './safe-fetch.js';
import { readSourceImage, type SourceImage } from './source-image.js';

export type { Connector, SocketTarget } from './pinned-connector.js';
export type { Resolve } from './resolve-target.js';
export type { SourceImage } from './source-image.js';

/** The settings of `ImageConfig` plus the seams tests use to keep every socket on loopback. */
export interface ImageIntakeOptions {
  /** Largest image accepted, as fetched or as decoded from base64 (IMAGE_MAX_BYTES). */
  readonly maxBytes: number;
  /** Most pixels an image may declare; checked from the header before decoding (IMAGE_MAX_PIXELS). */
  readonly maxPixels: number;
  /** `host:port` entries (port always written) exempt from the private-address rule and allowed over plain http. */
  readonly allowHosts: ReadonlySet<string>;
  /** When set, the only hosts fetched from, on every redirect too (hosted copies: WhatsApp's CDN). */
  readonly onlyHosts?: HostAllowlist;
  readonly connectTimeoutMs: number;
  /** One deadline over a whole fetch: DNS, connects, redirects and body. */
  readonly fetchTimeoutMs: number;
  /** Redirects followed, each re-checked like the first URL; default 3. */
  readonly maxRedirects?: number;
  /** DNS; default node:dns/promises lookup with all: true. */
  readonly resolve?: Resolve;
  /** Sees every socket before it opens; default opens it. */
  readonly connect?: Connector;
}

const DEFAULT_MAX_REDIRECTS = 3;

/**
 * Turns what a caller sends as an image — a URL or base64 — into checked bytes: SSRF-safe
 * download or bounded decoding, then type from the bytes and dimensions from the header. Every
 * refusal is a `Refusal` without a field; the caller knows which input it came from.
 */
export class ImageIntake {
  readonly #maxBytes: number;
  readonly #maxPixels: number;
  readonly #fetcher: SafeFetcher;

  constructor(options: ImageIntakeOptions) {
    this.#maxBytes = options.maxBytes;
    this.#maxPixels = options.maxPixels;
    this.#fetcher = new SafeFetcher({ ...options, maxRedirects: options.maxRedirects ?? DEFAULT_MAX_REDIRECTS });
  }

  /** Rejects with `signal.reason` when the caller aborts; every other failure is a Refusal. */
  async fromUrl(url: string, signal?: AbortSignal): Promise<SourceImage> {
    return readSourceImage(await this.#fetcher.fetch(url, signal), this.#maxPixels);
  }

  /** Raw base64 or a data:image/…;base64,… URI; the declared type is ignored. */
  async fromBase64(value: string): Promise<SourceImage> {
    return readSourceImage(decodeImageBase64(value, this.#maxBytes), this.#maxPixels);
  }

  /** Closes the connections kept for reuse; later fetches fail. */
  async close(): Promise<void> {
    await this.#fetcher.close();
  }
}
