import type { HostingConfig } from '../config/pictures.js';
import type { ImageConfig } from '../config/images.js';
import { joinHostAllowlists, parseHostAllowlist } from '../images/host-allowlist.js';
import { ImageIntake, type Connector, type Resolve, type SourceImage } from '../images/image-intake.js';

export interface SourceFetcherOptions {
  readonly images: ImageConfig;
  readonly hosting: HostingConfig;
  /**
   * `host:port` origins trusted by the process itself, read on first use: the demo provider's own
   * origin (under PUBLIC_URL), whose pictures go through this same path. They join both lists —
   * the confining one and the private-address exemption — explicitly, by name and port; the
   * private-address rule itself stays as it is for every other host.
   */
  readonly trustedOrigins: () => readonly string[];
  /** DNS and sockets (tests stub DNS and refuse sockets off loopback). */
  readonly resolve?: Resolve;
  readonly connect?: Connector;
}

// A CDN may hand over to a regional host; anything more is not a picture CDN's behaviour.
const MAX_REDIRECTS = 2;

/**
 * Downloads a picture's CDN image for its hosted copy, through the image intake of the mutations
 * (resolve, refuse private addresses, pin the socket, cap bytes, time and pixels, sniff the type),
 * confined to the CDN hosts of PICTURE_SOURCE_HOSTS on every hop.
 */
export class SourceFetcher {
  readonly #options: SourceFetcherOptions;
  #intake: ImageIntake | undefined;

  constructor(options: SourceFetcherOptions) {
    this.#options = options;
  }

  fetch(url: string): Promise<SourceImage> {
    return this.#built().fromUrl(url);
  }

  async close(): Promise<void> {
    await this.#intake?.close();
  }

  #built(): ImageIntake {
    if (this.#intake === undefined) {
      const { images, hosting, trustedOrigins, resolve, connect } = this.#options;
      const trusted = trustedOrigins().map((origin) => origin.toLowerCase());
      this.#intake = new ImageIntake({
        maxBytes: images.maxBytes,
        maxPixels: images.maxPixels,
        allowHosts: new Set([...images.allowHosts, ...trusted]),
        onlyHosts:
          trusted.length === 0 ? hosting.sourceHosts : joinHostAllowlists(hosting.sourceHosts, parseHostAllowlist(trusted.join(','))),
        connectTimeoutMs: images.connectTimeoutMs,
        fetchTimeoutMs: images.fetchTimeoutMs,
        maxRedirects: MAX_REDIRECTS,
        ...(resolve === undefined ? {} : { resolve }),
        ...(connect === undefined ? {} : { connect }),
      });
    }
    return this.#intake;
  }
}
