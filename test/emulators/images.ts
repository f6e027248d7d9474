import sharp from 'sharp';
import { request } from 'undici';

/** The image types the providers accept, told apart by their signatures as Go's image.DecodeConfig and sharp do. */
export function imageKind(bytes: Buffer): 'jpeg' | 'png' | 'webp' | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
    return 'jpeg';
  }
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
    return 'png';
  }
  if (bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP') {
    return 'webp';
  }
  return null;
}

/**
 * What Baileys (`generateProfilePicture`: 640×640 cover, JPEG q50) and GoWA (`ProcessGroupPhoto`:
 * centre square ≤640 px, JPEG) do before WhatsApp sees an image: re-encode it. A body sharp cannot
 * decode throws sharp's own error, "Input buffer contains unsupported image format".
 */
export async function reencodeAsJpeg(bytes: Buffer, quality: number): Promise<Buffer> {
  return sharp(bytes, { limitInputPixels: 25_000_000 })
    .resize(640, 640, { fit: 'cover', withoutEnlargement: true })
    .jpeg({ quality })
    .toBuffer();
}

export type Download =
  { readonly ok: true; readonly bytes: Buffer; readonly type: string } | { readonly ok: false; readonly reason: string };

/**
 * How a provider that downloads the picture itself (Wasend, WAHA's `url`, Evolution) gets it. Tests
 * serve images on loopback only, so the emulators refuse to reach anything else: no test ever opens
 * a socket to the outside.
 */
export async function downloadFromLoopback(url: string): Promise<Download> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, reason: 'Invalid URL' };
  }
  if (parsed.hostname !== '127.0.0.1' || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    return { ok: false, reason: `getaddrinfo ENOTFOUND ${parsed.hostname}` };
  }
  try {
    const response = await request(parsed, { signal: AbortSignal.timeout(2_000) });
    const bytes = Buffer.from(await response.body.arrayBuffer());
    if (response.statusCode !== 200) {
      return { ok: false, reason: `Request failed with status code ${response.statusCode}` };
    }
    return { ok: true, bytes, type: String(response.headers['content-type'] ?? '') };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}
