import sharp from 'sharp';

/** Decoded pixels of a square picture, as sharp's raw output describes them. */
export interface SquarePixels {
  readonly data: Buffer;
  readonly side: number;
  readonly channels: 1 | 2 | 3 | 4;
}

// GoWA's steps (image_utils.go): quality first, then 20 % smaller per step.
const QUALITIES = [80, 70, 60, 50, 40, 30, 20, 10];
const LOWEST_QUALITY = 10;
const SHRINK = 0.8;

async function encode(square: SquarePixels, side: number, quality: number): Promise<Buffer> {
  const { data, channels } = square;
  const image = sharp(data, { raw: { width: square.side, height: square.side, channels } });
  if (side !== square.side) {
    image.resize(side, side);
  }
  return image.jpeg({ quality }).toBuffer();
}

/**
 * The best JPEG of `square` that fits `maxBytes`: lower quality first, then smaller sides down to
 * `minSide`; null when even that does not fit. At most 8 + log1.25(side / minSide) encodes.
 */
export async function jpegWithin(
  square: SquarePixels,
  maxBytes: number,
  minSide: number,
): Promise<{ readonly bytes: Buffer; readonly side: number } | null> {
  for (const quality of QUALITIES) {
    const bytes = await encode(square, square.side, quality);
    if (bytes.length <= maxBytes) {
      return { bytes, side: square.side };
    }
  }
  let side = square.side;
  while (side > minSide) {
    side = Math.max(minSide, Math.round(side * SHRINK));
    const bytes = await encode(square, side, LOWEST_QUALITY);
    if (bytes.length <= maxBytes) {
      return { bytes, side };
    }
  }
  return null;
}
