import { createHash } from 'node:crypto';
import sharp from 'sharp';
import type { Jid } from '../pictures/jid.js';

// Pleasant, readable colours; the JID picks one, so the same chat always looks the same.
const PALETTE: ReadonlyArray<readonly [number, number, number]> = [
  [0x25, 0xd3, 0x66],
  [0x12, 0x8c, 0x7e],
  [0x34, 0xb7, 0xf1],
  [0x7e, 0x57, 0xc2],
  [0xef, 0x6c, 0x00],
  [0xd8, 0x1b, 0x60],
  [0x00, 0x89, 0x7b],
  [0x5c, 0x6b, 0xc0],
  [0xf4, 0x51, 0x1e],
  [0x6d, 0x4c, 0x41],
];

/** A shape in the avatar's 120-unit square: how much of the point lies inside, 0 to 1, given the pixel's size. */
type Shape = (x: number, y: number, pixel: number) => number;

function coverage(distanceInside: number, pixel: number): number {
  return Math.min(1, Math.max(0, distanceInside / pixel + 0.5));
}

function circle(cx: number, cy: number, r: number): Shape {
  return (x, y, pixel) => coverage(r - Math.hypot(x - cx, y - cy), pixel);
}

/** The upper half of an ellipse standing on y = `base`: a person's shoulders. */
function shoulders(cx: number, base: number, rx: number, ry: number): Shape {
  return (x, y, pixel) => {
    const reach = Math.hypot((x - cx) / rx, (y - base) / ry);
    return Math.min(coverage((1 - reach) * Math.min(rx, ry), pixel), coverage(base - y, pixel));
  };
}

const PERSON: readonly Shape[] = [circle(60, 44, 16), shoulders(60, 86, 30, 28)];
const GROUP: readonly Shape[] = [
  circle(42, 44, 9),
  circle(60, 40, 11),
  circle(78, 44, 9),
  shoulders(42, 78, 16, 18),
  shoulders(60, 80, 18, 22),
  shoulders(78, 78, 16, 18),
];

// 3×5 digits, row by row (bit 2 is the left column), so no font is needed on the server.
const DIGITS: Readonly<Record<string, readonly number[]>> = {
  '0': [7, 5, 5, 5, 7],
  '1': [2, 6, 2, 2, 7],
  '2': [7, 1, 7, 4, 7],
  '3': [7, 1, 7, 1, 7],
  '4': [5, 5, 7, 1, 1],
  '5': [7, 4, 7, 1, 7],
  '6': [7, 4, 7, 5, 7],
  '7': [7, 1, 2, 2, 2],
  '8': [7, 5, 7, 5, 7],
  '9': [7, 5, 7, 1, 7],
};
const DIGIT_CELL = 2.4;
const DIGITS_TOP = 96;

function digitShape(digits: string): Shape {
  const width = digits.length * 4 * DIGIT_CELL - DIGIT_CELL;
  const left = 60 - width / 2;
  return (x, y) => {
    const row = Math.floor((y - DIGITS_TOP) / DIGIT_CELL);
    const column = Math.floor((x - left) / DIGIT_CELL);
    if (row < 0 || row > 4 || column < 0) {
      return 0;
    }
    const rows = DIGITS[digits[Math.floor(column / 4)] ?? ''];
    const bit = 2 - (column % 4);
    return rows !== undefined && bit >= 0 && (((rows[row] as number) >> bit) & 1) === 1 ? 1 : 0;
  };
}

/**
 * A square JPEG avatar like a WhatsApp picture: a coloured background (from the JID), a person or
 * group silhouette and the id's last two digits, drawn pixel by pixel here and encoded by sharp
 * from raw pixels. Raster, like WhatsApp's CDN serves, and without sharp's SVG loader, which the
 * image intake keeps blocked for the whole process. Nothing from a request reaches it but the JID.
 */
export async function renderDemoAvatar(jid: Jid, size: 'full' | 'preview'): Promise<Buffer> {
  const digest = createHash('sha256').update(jid.canonical).digest();
  const [r, g, b] = PALETTE[(digest[0] as number) % PALETTE.length] as readonly [number, number, number];
  // The full picture is drawn at half size and scaled up: smooth edges at a quarter of the work.
  const side = size === 'preview' ? 96 : 320;
  const pixel = 120 / side;
  const shapes = [...(jid.kind === 'group' ? GROUP : PERSON), digitShape(jid.user.replace(/\D/g, '').slice(-2))];
  const data = Buffer.alloc(side * side * 3);
  for (let row = 0; row < side; row += 1) {
    const y = (row + 0.5) * pixel;
    for (let column = 0; column < side; column += 1) {
      const x = (column + 0.5) * pixel;
      let ink = 0;
      for (const shape of shapes) {
        ink = Math.max(ink, shape(x, y, pixel));
        if (ink === 1) {
          break;
        }
      }
      // White at 90 % over the background.
      const alpha = ink * 0.9;
      const offset = (row * side + column) * 3;
      data[offset] = Math.round(r + (255 - r) * alpha);
      data[offset + 1] = Math.round(g + (255 - g) * alpha);
      data[offset + 2] = Math.round(b + (255 - b) * alpha);
    }
  }
  const image = sharp(data, { raw: { width: side, height: side, channels: 3 } });
  if (size === 'full') {
    image.resize(640, 640);
  }
  return image.jpeg({ quality: 85 }).toBuffer();
}
