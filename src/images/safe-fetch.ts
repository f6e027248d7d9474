import { Agent, type Dispatcher } from 'undici';
import { Refusal } from '../errors.js';
import { transportCode } from '../resilience/transport-code.js';
import type { HostAllowlist } from './host-allowlist.js';
import { directConnector, pinnedConnector, type Connector } from './pinned-connector.js';
import { resolveTarget, systemResolve, type PinnedTarget, type Resolve } from './resolve-target.js';
import { checkImageUrl } from './url-policy.js';

export interface SafeFetchOptions {
  readonly maxBytes: number;
  readonly allowHosts: ReadonlySet<string>;
  /** When set, the only hosts a fetch (and each of its redirects) may go to. */
  readonly onlyHosts?: HostAllowlist;
  readonly connectTimeoutMs: number;
  readonly fetchTimeoutMs: number;
  readonly maxRedirects: number;
  readonly resolve?: Resolve;
  readonly connect?: Connector;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
// Per checked address; a picture fetch needs one, a burst of mutations a few.
const CONNECTIONS_PER_ADDRESS = 4;

function unreachable(message: string, cause?: unknown): Refusal {
  return new Refusal('IMAGE_UNREACHABLE', message, cause === undefined ? {} : { cause });
}

function tooLarge(maxBytes: number): Refusal {
  return new Refusal('IMAGE_TOO_LARGE', `The image is larger than ${maxBytes} bytes; send a smaller one`);
}

type Body = Dispatcher.ResponseData['body'];

/** Stops a body nobody will read; it frees the connection at once instead of draining a hostile stream. */
function discard(body: Body): void {
  // undici reports a destroyed, unfinished body as an 'error' event; without a listener that would be uncaught.
  body.on('error', () => {});
  body.destroy();
}

function singleHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * GETs an image URL the SSRF-safe way: every hop's scheme and addresses are checked before any
 * socket is opened, the socket goes to exactly the checked address, redirects are followed here
 * (never by undici) up to a limit, the body is counted while it streams, and one deadline covers
 * DNS, connects, redirects and body. Every failure is a Refusal whose message omits the URL.
 */
export class SafeFetcher {
  readonly #options: SafeFetchOptions;
  readonly #resolve: Resolve;
  readonly #agent: Agent;

  constructor(options: SafeFetchOptions) {
    this.#options = options;
    this.#resolve = options.resolve ?? systemResolve;
    this.#agent = new Agent({
      connect: pinnedConnector(options.connectTimeoutMs, options.connect ?? directConnector),
      connections: CONNECTIONS_PER_ADDRESS,
      // Backstops only: the deadline signal below ends every fetch first.
      headersTimeout: options.fetchTimeoutMs,
      bodyTimeout: options.fetchTimeoutMs,
    });
  }

  /** The body of the first 2xx answer; a caller's abort rejects with the caller's own reason. */
  async fetch(url: string, callerSignal?: AbortSignal): Promise<Buffer> {
    const deadline = AbortSignal.timeout(this.#options.fetchTimeoutMs);
    const signal = callerSignal === undefined ? deadline : AbortSignal.any([deadline, callerSignal]);
    try {
      return await this.#follow(url, signal);
    } catch (error) {
      if (error instanceof Refusal) {
        throw error;
      }
      if (callerSignal?.aborted) {
        throw callerSignal.reason;
      }
      if (deadline.aborted) {
        throw unreachable(`The image did not arrive within ${this.#options.fetchTimeoutMs} ms`, error);
      }
      throw this.#transportRefusal(error);
    }
  }

  async close(): Promise<void> {
    await this.#agent.close();
  }

  async #follow(url: string, signal: AbortSignal): Promise<Buffer> {
    const { allowHosts, onlyHosts } = this.#options;
    let checked = checkImageUrl(url, allowHosts, undefined, onlyHosts);
    for (let redirects = 0; ; redirects += 1) {
      const target = await resolveTarget(checked, this.#resolve, signal);
      const response = await this.#get(target, signal);
      if (response.statusCode >= 200 && response.statusCode < 300) {
        return await this.#readBody(response);
      }
      discard(response.body);
      if (!REDIRECTS.has(response.statusCode)) {
        throw unreachable(`The image host answered HTTP ${response.statusCode}; check that the URL is public and current`);
      }
      const location = singleHeader(response.headers.location);
      if (location === undefined) {
        throw unreachable(`The image host answered HTTP ${response.statusCode} without a Location`);
      }
      if (redirects >= this.#options.maxRedirects) {
        throw unreachable(`The image URL redirected more than ${this.#options.maxRedirects} times; send the final URL`);
      }
      checked = checkImageUrl(location, allowHosts, checked.url, onlyHosts);
    }
  }

  #get(target: PinnedTarget, signal: AbortSignal): Promise<Dispatcher.ResponseData> {
    const address = target.family === 6 ? `[${target.address}]` : target.address;
    return this.#agent.request({
      origin: `${target.url.protocol}//${address}:${target.port}`,
      path: `${target.url.pathname}${target.url.search}`,
      method: 'GET',
      // The name the URL used: virtual hosting, and (through undici's SNI) the name TLS verifies.
      headers: { host: target.url.host, accept: 'image/jpeg, image/png, image/webp' },
      signal,
    });
  }

  async #readBody(response: Dispatcher.ResponseData): Promise<Buffer> {
    const { maxBytes } = this.#options;
    const declared = Number(singleHeader(response.headers['content-length']));
    if (declared > maxBytes) {
      discard(response.body);
      throw tooLarge(maxBytes);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxBytes) {
        discard(response.body);
        throw tooLarge(maxBytes);
      }
      chunks.push(chunk);
    }
    return Buffer.concat(chunks, size);
  }

  #transportRefusal(error: unknown): Refusal {
    const code = transportCode(error) ?? '';
    if (code === 'UND_ERR_CONNECT_TIMEOUT') {
      return unreachable(`The image host did not accept a connection within ${this.#options.connectTimeoutMs} ms`, error);
    }
    if (code === 'ECONNREFUSED') {
      return unreachable('The image host refused the connection', error);
    }
    if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
      return unreachable(`The image did not arrive within ${this.#options.fetchTimeoutMs} ms`, error);
    }
    if (/CERT|TLS|SSL/.test(code)) {
      return unreachable('A verified TLS connection to the image host could not be made', error);
    }
    return unreachable('The image host could not be reached', error);
  }
}
