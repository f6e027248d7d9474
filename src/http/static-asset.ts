import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { chooseCoding, type ContentCoding } from './accept-encoding.js';
import { matchesEtag } from './etag.js';

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

export interface StaticAssetOptions {
  readonly contentType: string;
  /** The body; called once, on first use. */
  readonly render: () => string;
  /** Headers sent with the body (a content security policy may depend on it, e.g. script hashes). */
  readonly headers?: (body: string) => Record<string, string>;
}

interface Prepared {
  readonly text: string;
  readonly bodies: Readonly<Record<ContentCoding, Buffer>>;
  readonly etags: Readonly<Record<ContentCoding, string>>;
  readonly headers: Record<string, string>;
}

// Brotli's quality 5 compresses the 9 MB playground in a few hundred milliseconds, off the event
// loop, to about 2 MB; higher qualities take seconds for a few percent.
const BROTLI_QUALITY = 5;

/**
 * A page or script built once and then served from memory: compressed once (gzip and brotli, in
 * libuv's thread pool, never on the event loop), sent as the buffer for the browser's coding, with
 * a strong ETag per coding so a repeated load is a 304 without a body. `no-cache`: browsers revalidate
 * each time (the page changes with the process's settings) and pay only the 304.
 */
export class StaticAsset {
  readonly #options: StaticAssetOptions;
  #prepared: Promise<Prepared> | undefined;

  constructor(options: StaticAssetOptions) {
    this.#options = options;
  }

  /** The rendered text (rendered on the first call). */
  async text(): Promise<string> {
    return (await this.#prepare()).text;
  }

  async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const prepared = await this.#prepare();
    const coding = chooseCoding(request.headers['accept-encoding']);
    const etag = prepared.etags[coding];
    const common = { etag, vary: 'accept-encoding', 'cache-control': 'no-cache' };
    if (matchesEtag(request.headers['if-none-match'], etag)) {
      response.writeHead(304, common).end();
      return;
    }
    const body = prepared.bodies[coding];
    response.writeHead(200, {
      ...prepared.headers,
      ...common,
      'content-type': this.#options.contentType,
      'content-length': body.length,
      'x-content-type-options': 'nosniff',
      ...(coding === 'identity' ? {} : { 'content-encoding': coding }),
    });
    response.end(request.method === 'HEAD' ? undefined : body);
  }

  #prepare(): Promise<Prepared> {
    this.#prepared ??= (async () => {
      const text = this.#options.render();
      const identity = Buffer.from(text, 'utf8');
      const [gzipped, brotli] = await Promise.all([
        gzipAsync(identity, { level: 9 }),
        brotliAsync(identity, {
          params: { [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: identity.length },
        }),
      ]);
      const digest = createHash('sha256').update(identity).digest('base64url').slice(0, 27);
      return {
        text,
        bodies: { identity, gzip: gzipped, br: brotli },
        etags: { identity: `"${digest}"`, gzip: `"${digest}-gz"`, br: `"${digest}-br"` },
        headers: this.#options.headers?.(text) ?? {},
      };
    })();
    return this.#prepared;
  }
}
