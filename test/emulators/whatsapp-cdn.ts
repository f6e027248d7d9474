import { createHash } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import type { WhatsAppWorld } from './whatsapp-world.js';

/** One download as the CDN saw it. */
export interface CdnDownload {
  readonly path: string;
  readonly pictureId: string;
  readonly preview: boolean;
  /** What it answered: 200, 403 for an expired signature, 404… */
  readonly status: number;
}

/** A hostile or broken answer for one picture, instead of its image. */
export type CdnOverride = (response: ServerResponse) => void;

const PATH = /^\/v\/t61\.24694-24\/(s640x640|s96x96)\/([^/]+)_n\.jpg$/;

/** The picture's colour, from its id: tests tell two versions apart by the pixels. */
export function pictureColour(pictureId: string): { r: number; g: number; b: number } {
  const digest = createHash('sha256').update(pictureId).digest();
  return { r: digest[0] as number, g: digest[1] as number, b: digest[2] as number };
}

/**
 * WhatsApp's picture CDN (pps.whatsapp.net) on loopback, for the emulators' worlds: it serves
 * `/v/t61.24694-24/{s640x640|s96x96}/{picture id}_n.jpg` as JPEGs (a picture set through a write
 * as its bytes, any other as a solid square in the picture's own colour), answers 403 "URL
 * signature expired" once `oe` has passed on its clock, and records every download. Starting it
 * points the world's CDN URLs at it.
 */
export async function startWhatsAppCdn(world: WhatsAppWorld) {
  const downloads: CdnDownload[] = [];
  const overrides = new Map<string, CdnOverride>();
  const clock = { now: Date.now };

  async function image(pictureId: string, preview: boolean): Promise<Buffer> {
    const side = preview ? 96 : 640;
    const written = world.pictureBytes(pictureId);
    if (written !== undefined) {
      return preview ? sharp(written).resize(side, side).jpeg().toBuffer() : written;
    }
    return sharp({ create: { width: side, height: side, channels: 3, background: pictureColour(pictureId) } })
      .jpeg()
      .toBuffer();
  }

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://cdn');
    const match = PATH.exec(url.pathname);
    const record = (status: number) => {
      downloads.push({ path: url.pathname, pictureId: match?.[2] ?? '', preview: match?.[1] === 's96x96', status });
    };
    if (match === null) {
      record(404);
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    const oe = url.searchParams.get('oe');
    if (oe === null || Number.parseInt(oe, 16) * 1000 <= clock.now()) {
      record(403);
      response.writeHead(403, { 'content-type': 'text/plain' }).end('URL signature expired');
      return;
    }
    const pictureId = match[2] as string;
    const override = overrides.get(pictureId);
    if (override !== undefined) {
      record(0);
      override(response);
      return;
    }
    image(pictureId, match[1] === 's96x96').then(
      (bytes) => {
        record(200);
        response.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': bytes.length }).end(bytes);
      },
      (error: unknown) => response.writeHead(500).end(String(error)),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  world.cdnOrigin = origin;
  return {
    origin,
    /** `host:port`, as PICTURE_SOURCE_HOSTS and IMAGE_FETCH_ALLOW_HOSTS take it. */
    host: new URL(origin).host,
    downloads,
    clock,
    /** Successful downloads of one picture id. */
    served(pictureId: string): number {
      return downloads.filter((download) => download.pictureId === pictureId && download.status === 200).length;
    },
    /** Answers `answer` instead of the picture's image, from now on. */
    override(pictureId: string, answer: CdnOverride): void {
      overrides.set(pictureId, answer);
    },
    async close(): Promise<void> {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type WhatsAppCdn = Awaited<ReturnType<typeof startWhatsAppCdn>>;
