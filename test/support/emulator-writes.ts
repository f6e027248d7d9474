import sharp from 'sharp';
import { Response } from 'undici';
import { normaliseGroupPicture } from '../../src/images/normalise.js';
import { readSourceImage } from '../../src/images/source-image.js';
import type { Emulator, RecordedRequest } from '../emulators/emulator.js';

/** The group picture writes each provider's emulator saw, told apart from its reads. */
export const isWrite = {
  waha: (request: RecordedRequest) =>
    (request.method === 'PUT' || request.method === 'DELETE') && /^\/api\/[^/]+\/groups\/[^/]+\/picture$/.test(request.path),
  wasend: (request: RecordedRequest) =>
    (request.method === 'PUT' || request.method === 'DELETE') && /^\/[^/]+\/groups\/[^/]+\/picture$/.test(request.path),
  gowa: (request: RecordedRequest) => request.method === 'POST' && request.path === '/group/photo',
  evolution: (request: RecordedRequest) => request.method === 'POST' && request.path.startsWith('/group/updateGroupPicture/'),
  // Wawp has no write route; anything but a GET would be one.
  wawp: (request: RecordedRequest) => request.method !== 'GET',
} as const;

/** What an emulator receives from now on: `since()` lists the requests recorded after the mark. */
export function requestMark(emulator: Emulator): { since(): RecordedRequest[] } {
  const start = emulator.requests.length;
  return { since: () => emulator.requests.slice(start) };
}

export function jsonOf(request: RecordedRequest | undefined): Record<string, unknown> {
  if (request === undefined) {
    throw new Error('no request recorded');
  }
  return JSON.parse(request.body) as Record<string, unknown>;
}

/** WAHA's `{file: {mimetype, filename?, data | url}}`. */
export function wahaFile(request: RecordedRequest | undefined): Record<string, unknown> {
  return jsonOf(request).file as Record<string, unknown>;
}

/** GoWA's multipart form, read as Fiber would: the `group_id` field and the `photo` part with its own type. */
export async function gowaForm(request: RecordedRequest | undefined): Promise<{
  groupId: unknown;
  photo: { type: string; name: string; bytes: Buffer } | null;
  fields: string[];
}> {
  if (request === undefined) {
    throw new Error('no request recorded');
  }
  const form = await new Response(request.rawBody, { headers: { 'content-type': String(request.headers['content-type']) } }).formData();
  const photo = form.get('photo');
  return {
    groupId: form.get('group_id'),
    photo:
      typeof photo === 'object' && photo !== null
        ? { type: photo.type, name: photo.name, bytes: Buffer.from(await photo.arrayBuffer()) }
        : null,
    fields: [...form.keys()],
  };
}

/** What our intake makes of `bytes`: the exact JPEG every provider that takes bytes must receive. */
export async function normalisedFrom(bytes: Buffer): Promise<Buffer> {
  const maxPixels = 25_000_000;
  return (await normaliseGroupPicture(await readSourceImage(bytes, maxPixels), { maxPixels })).bytes;
}

export async function imageFormat(
  bytes: Buffer,
): Promise<{ format: string | undefined; width: number | undefined; height: number | undefined }> {
  const { format, width, height } = await sharp(bytes).metadata();
  return { format, width, height };
}
