import { randomBytes } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';

type Rgb = { readonly r: number; readonly g: number; readonly b: number };

export const RED: Rgb = { r: 255, g: 0, b: 0 };
export const GREEN: Rgb = { r: 0, g: 255, b: 0 };
export const BLUE: Rgb = { r: 0, g: 0, b: 255 };

function plain(width: number, height: number, colour: Rgb) {
  return sharp({ create: { width, height, channels: 3, background: colour } });
}

export function jpeg(width = 64, height = 48, colour: Rgb = RED): Promise<Buffer> {
  return plain(width, height, colour).jpeg().toBuffer();
}

export function webp(width = 64, height = 48): Promise<Buffer> {
  return plain(width, height, BLUE).webp().toBuffer();
}

/** A PNG whose every pixel is fully transparent black. */
export function transparentPng(width = 64, height = 64): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
    .png()
    .toBuffer();
}

export function gif(): Promise<Buffer> {
  return plain(8, 8, RED).gif().toBuffer();
}

export const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>');
export const HTML = Buffer.from('<!doctype html><html><body><img src=x onerror=alert(1)></body></html>');
export const TEXT = Buffer.from('just some text, not a picture\n');

/** Three vertical bands, red | green | blue, each a third of the width. */
export function tricolour(width: number, height: number): Promise<Buffer> {
  const third = width / 3;
  return sharp({ create: { width, height, channels: 3, background: GREEN } })
    .composite([
      { input: { create: { width: third, height, channels: 3, background: RED } }, left: 0, top: 0 },
      { input: { create: { width: third, height, channels: 3, background: BLUE } }, left: 2 * third, top: 0 },
    ])
    .jpeg()
    .toBuffer();
}

/** Random pixels: the worst case for JPEG size. */
export function noisePng(side: number): Promise<Buffer> {
  return sharp(randomBytes(side * side * 3), { raw: { width: side, height: side, channels: 3 } })
    .png()
    .toBuffer();
}

/**
 * 60×30 stored as red (left half) | blue (right half), with EXIF orientation 6 (display rotated
 * 90° clockwise: red on top) and a GPS position that must never leave the service.
 */
export function rotatedJpegWithGps(): Promise<Buffer> {
  return sharp({ create: { width: 60, height: 30, channels: 3, background: BLUE } })
    .composite([{ input: { create: { width: 30, height: 30, channels: 3, background: RED } }, left: 0, top: 0 }])
    .withExif({ IFD0: { Copyright: 'test' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '52/1 31/1 0/1' } })
    .withMetadata({ orientation: 6 })
    .jpeg()
    .toBuffer();
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function ihdr(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  return pngChunk('IHDR', header);
}

/** A ~65-byte PNG whose header claims 50000×50000 pixels (7.5 GB decoded): a decompression bomb. */
export function pixelBombPng(): Buffer {
  return Buffer.concat([
    PNG_SIGNATURE,
    ihdr(50_000, 50_000),
    pngChunk('IDAT', deflateSync(Buffer.alloc(0))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A valid PNG signature and header, then HTML: sniffs as PNG, decodes as nothing. */
export function polyglotPng(): Buffer {
  return Buffer.concat([PNG_SIGNATURE, ihdr(4, 4), HTML]);
}

/** A real JPEG cut off after its header: dimensions readable, pixels not. */
export async function truncatedJpeg(): Promise<Buffer> {
  const whole = await sharp(randomBytes(200 * 200 * 3), { raw: { width: 200, height: 200, channels: 3 } })
    .jpeg()
    .toBuffer();
  return whole.subarray(0, Math.floor(whole.length / 2));
}
