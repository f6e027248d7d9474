import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError } from '../errors.js';
import { matchesEtag } from '../http/etag.js';
import type { Logger } from '../logger.js';
import type { Session } from '../session.js';
import { StoreError, type PictureStore, type StoredObject } from '../store/picture-store.js';
import { negotiateFormat } from './accept.js';
import type { AskRecorder } from './ask-recorder.js';
import { identiconSvg, initialsSvg } from './avatar-svg.js';
import { CopyFailure, variantName, type CopyMaker } from './copy-maker.js';
import { normaliseInitials } from './initials.js';
import type { PictureVariant } from './picture-encoder.js';
import { parsePicturePath, variantKey, type HostedFormat, type PicturePath } from './picture-paths.js';
import type { PictureRecord, PictureRecords } from './picture-records.js';
import type { StoreHealth } from './store-health.js';
import type { UrlKeys } from './url-keys.js';

export interface HostedPictureParts {
  readonly store: PictureStore;
  readonly health: StoreHealth;
  readonly records: PictureRecords;
  readonly asks: AskRecorder;
  readonly copies: CopyMaker;
  readonly retentionMs: number;
}

export interface PictureRouteOptions {
  readonly keys: UrlKeys;
  /** Null when hosting is off: only avatars are served. */
  readonly hosting: HostedPictureParts | null;
  readonly logger: Logger;
  readonly now: () => number;
}

// Content-addressed and never rewritten: a browser or CDN may keep it for a year without asking again.
const IMMUTABLE = 'public, max-age=31536000, immutable';
// An image never runs script, loads nothing and is never framed as a document.
const IMAGE_POLICY = "default-src 'none'; sandbox";
// The avatars' SVG: its inline presentation only, still no script and no loads.
const SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox";
// Another replica may still be writing the record of a URL it has just handed out.
const RECORD_RETRY_MS = [100, 400];

interface Body {
  readonly bytes: Buffer;
  readonly contentType: string;
  readonly etag: string;
  readonly vary?: string;
  readonly policy: string;
}

/**
 * `GET /pictures/…`: hosted copies and generated avatars. A path is checked against the shapes
 * this service hands out before anything else; a hosted path is then served only while its
 * picture's record says somebody asked for it within the retention period. Unknown, malformed
 * and expired paths are 404 and never reach a provider; only a known path whose files are not
 * made yet reads the chat's current picture (cache first) to download it.
 */
export class PictureRoute {
  readonly #options: PictureRouteOptions;

  constructor(options: PictureRouteOptions) {
    this.#options = options;
  }

  async serve(request: IncomingMessage, response: ServerResponse, pathname: string): Promise<void> {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('Method not allowed');
      return;
    }
    const path = parsePicturePath(pathname);
    if (path === null) {
      notFound(response);
      return;
    }
    if (path.kind !== 'hosted') {
      this.#avatar(request, response, path);
      return;
    }
    const { hosting, keys } = this.#options;
    const session = keys.sessionFor(path.sessionKey);
    if (hosting === null || session === undefined) {
      notFound(response);
      return;
    }
    const format = negotiateFormat(request.headers.accept);
    let body: Body | null;
    try {
      body = await this.#hosted(hosting, path, format, session);
    } catch (error) {
      this.#failed(response, error);
      return;
    }
    if (body === null) {
      notFound(response);
      return;
    }
    send(request, response, body);
  }

  #avatar(request: IncomingMessage, response: ServerResponse, path: Exclude<PicturePath, { kind: 'hosted' }>): void {
    let svg: string;
    if (path.kind === 'initials') {
      // One spelling per avatar: anything that would normalise differently was not made by us.
      if (path.initials === '' || normaliseInitials(path.initials) !== path.initials) {
        notFound(response);
        return;
      }
      svg = initialsSvg(path.seed, path.size, path.initials);
    } else {
      svg = identiconSvg(path.seed, path.size);
    }
    const bytes = Buffer.from(svg);
    send(request, response, {
      bytes,
      contentType: 'image/svg+xml',
      etag: etagOf(createHash('sha256').update(bytes).digest('base64url')),
      policy: SVG_POLICY,
    });
  }

  async #hosted(
    hosting: HostedPictureParts,
    path: Extract<PicturePath, { kind: 'hosted' }>,
    format: HostedFormat,
    session: Session,
  ): Promise<Body | null> {
    const { sessionKey, pictureKey, size } = path;
    const record = await this.#record(hosting, sessionKey, pictureKey);
    if (record === null || record.askedAt + hosting.retentionMs < this.#options.now()) {
      return null;
    }
    const key = variantKey(sessionKey, pictureKey, size, format);
    let object: StoredObject | PictureVariant | null | undefined = await hosting.store.get(key);
    hosting.health.read();
    if (object === null) {
      const copies = await hosting.copies.copy({ session, sessionKey, pictureKey, jid: record.jid });
      object = copies.get(variantName(size, format)) ?? (await hosting.store.get(key));
    }
    if (object === null || object === undefined) {
      return null;
    }
    const sha256 = 'sha256' in object ? object.sha256 : createHash('sha256').update(object.bytes).digest('base64url');
    return { bytes: object.bytes, contentType: object.contentType, etag: etagOf(sha256), vary: 'Accept', policy: IMAGE_POLICY };
  }

  async #record(hosting: HostedPictureParts, sessionKey: string, pictureKey: string): Promise<PictureRecord | null> {
    // A URL this process has just handed out: its record write may still be queued here.
    await hosting.asks.pending(sessionKey, pictureKey);
    let record = await hosting.records.read(sessionKey, pictureKey);
    for (const delay of RECORD_RETRY_MS) {
      if (record !== null) {
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
      record = await hosting.records.read(sessionKey, pictureKey);
    }
    return record;
  }

  #failed(response: ServerResponse, error: unknown): void {
    const { logger } = this.#options;
    if (error instanceof CopyFailure) {
      if (error.problem === 'not-current') {
        notFound(response);
      } else if (error.problem === 'busy') {
        unavailable(response, 503, 'The picture is being copied; try again shortly');
      } else {
        unavailable(response, 502, 'The picture could not be fetched from its source');
      }
      return;
    }
    if (error instanceof StoreError) {
      this.#options.hosting?.health.failed(error);
      unavailable(response, 503, 'The picture store is unavailable; try again shortly');
      return;
    }
    if (error instanceof AppError) {
      // The provider could not tell the current picture (timeout, rate limit, session down).
      unavailable(response, 503, 'The picture could not be checked with the provider; try again shortly');
      return;
    }
    logger.error('hosted picture failed', { error });
    unavailable(response, 500, 'Internal server error');
  }
}

function etagOf(sha256: string): string {
  return `"${sha256.slice(0, 32)}"`;
}

function send(request: IncomingMessage, response: ServerResponse, body: Body): void {
  const headers: Record<string, string | number> = {
    etag: body.etag,
    'cache-control': IMMUTABLE,
    'x-content-type-options': 'nosniff',
    'content-security-policy': body.policy,
    // Dashboards on other origins embed these in <img>.
    'cross-origin-resource-policy': 'cross-origin',
    ...(body.vary === undefined ? {} : { vary: body.vary }),
  };
  if (matchesEtag(request.headers['if-none-match'], body.etag)) {
    response.writeHead(304, headers).end();
    return;
  }
  response.writeHead(200, { ...headers, 'content-type': body.contentType, 'content-length': body.bytes.length });
  response.end(request.method === 'HEAD' ? undefined : body.bytes);
}

function notFound(response: ServerResponse): void {
  response
    .writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' })
    .end('Not found');
}

function unavailable(response: ServerResponse, status: number, message: string): void {
  response
    .writeHead(status, {
      'content-type': 'text/plain; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      ...(status === 503 ? { 'retry-after': '5' } : {}),
    })
    .end(message);
}
