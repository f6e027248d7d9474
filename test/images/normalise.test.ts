import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { jpegWithin } from '../../src/images/jpeg-budget.js';
import { normaliseGroupPicture, type NormalisedImage } from '../../src/images/normalise.js';
import { readSourceImage } from '../../src/images/source-image.js';
import { jpeg, noisePng, rotatedJpegWithGps, transparentPng, tricolour, truncatedJpeg } from './support/pictures.js';
import { refusal } from './support/test-intake.js';

const MAX_PIXELS = 25_000_000;

async function normalise(bytes: Buffer): Promise<NormalisedImage> {
  return normaliseGroupPicture(await readSourceImage(bytes, MAX_PIXELS), { maxPixels: MAX_PIXELS });
}

/** The RGB of one pixel of a JPEG. */
async function pixel(bytes: Buffer, x: number, y: number): Promise<readonly number[]> {
  const { data, info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
  const offset = (y * info.width + x) * info.channels;
  return [...data.subarray(offset, offset + 3)];
}

/** Whether every channel is within 40 of the expected value (JPEG is lossy). */
function near(actual: readonly number[], expected: readonly number[]): boolean {
  return actual.every((value, index) => Math.abs(value - (expected[index] ?? -1000)) <= 40);
}

describe('normaliseGroupPicture', () => {
  it('scales a large picture down to a 640 px square JPEG under 100 KB', async () => {
    const result = await normalise(await jpeg(2_000, 1_500));
    expect(result).toMatchObject({ mimetype: 'image/jpeg', width: 640, height: 640 });
    expect(result.bytes.length).toBeLessThanOrEqual(100 * 1024);
    expect(await sharp(result.bytes).metadata()).toMatchObject({ format: 'jpeg', width: 640, height: 640 });
  });

  it('crops the centre of a wide picture: red | green | blue becomes all green', async () => {
    const result = await normalise(await tricolour(900, 300));
    expect(result).toMatchObject({ width: 300, height: 300 });
    const { channels } = await sharp(result.bytes).stats();
    const [red, green, blue] = channels.map((channel) => channel.mean);
    expect(green).toBeGreaterThan(230);
    expect(red).toBeLessThan(25);
    expect(blue).toBeLessThan(25);
  });

  it('applies EXIF orientation, then strips EXIF and GPS', async () => {
    const source = await rotatedJpegWithGps();
    expect((await sharp(source).metadata()).exif).toBeDefined();
    const result = await normalise(source);
    const metadata = await sharp(result.bytes).metadata();
    expect(metadata.exif).toBeUndefined();
    expect(metadata.orientation).toBeUndefined();
    expect(metadata.icc).toBeUndefined();
    expect(metadata.xmp).toBeUndefined();
    // Displayed upright the picture is red on top, blue below; unrotated it would be red left, blue right.
    const middle = result.width / 2;
    expect(near(await pixel(result.bytes, middle, 5), [255, 0, 0])).toBe(true);
    expect(near(await pixel(result.bytes, middle, result.height - 5), [0, 0, 255])).toBe(true);
  });

  it('flattens transparency onto white', async () => {
    const result = await normalise(await transparentPng(300, 300));
    expect((await sharp(result.bytes).metadata()).channels).toBe(3);
    expect(near(await pixel(result.bytes, 150, 150), [255, 255, 255])).toBe(true);
  });

  it('scales a tiny picture up to 192 px, which WhatsApp accepts', async () => {
    expect(await normalise(await jpeg(50, 80))).toMatchObject({ width: 192, height: 192 });
  });

  it('keeps a mid-sized picture at its own size rather than enlarging it', async () => {
    expect(await normalise(await jpeg(500, 400))).toMatchObject({ width: 400, height: 400 });
  });

  it('lowers the quality until random noise fits 100 KB', async () => {
    const result = await normalise(await noisePng(800));
    expect(result.width).toBe(640);
    expect(result.bytes.length).toBeLessThanOrEqual(100 * 1024);
  });

  it('refuses a picture whose header reads but whose pixels do not decode', async () => {
    const source = await readSourceImage(await truncatedJpeg(), MAX_PIXELS);
    expect((await refusal(normaliseGroupPicture(source, { maxPixels: MAX_PIXELS }))).code).toBe('INVALID_IMAGE');
  });
});

describe('jpegWithin', () => {
  it('shrinks the side once the lowest quality is not enough, and never below the minimum', async () => {
    const side = 400;
    const { data, info } = await sharp(await noisePng(side))
      .raw()
      .toBuffer({ resolveWithObject: true });
    const square = { data, side, channels: info.channels };
    const fitted = await jpegWithin(square, 8_000, 100);
    expect(fitted).not.toBeNull();
    expect(fitted?.side).toBeLessThan(side);
    expect(fitted?.side).toBeGreaterThanOrEqual(100);
    expect(fitted?.bytes.length).toBeLessThanOrEqual(8_000);
    expect((await sharp(fitted?.bytes).metadata()).width).toBe(fitted?.side);
    expect(await jpegWithin(square, 100, 100)).toBeNull();
  });
});
