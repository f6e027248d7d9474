import { Refusal } from '../errors.js';
import { jpegWithin, type SquarePixels } from './jpeg-budget.js';
import type { SourceImage } from './source-image.js';
import { decodeRefusal, openUntrustedImage } from './untrusted-sharp.js';

/** A group picture every provider accepts as it is. */
export interface NormalisedImage {
  readonly bytes: Buffer;
  readonly mimetype: 'image/jpeg';
  readonly width: number;
  readonly height: number;
}

/** WhatsApp's own picture size; larger sources are scaled down to it. */
export const GROUP_PICTURE_MAX_SIDE = 640;
/**
 * Smaller sources are scaled up to this. GoWA stops shrinking at 100 px, and WhatsApp's clients
 * are said to refuse smaller pictures than 192 px (not verified); an upscaled icon looks soft but is
 * accepted, where a refusal would only tell the user to do the upscaling.
 */
export const GROUP_PICTURE_MIN_SIDE = 192;
/** GoWA's bound; WhatsApp's own pictures are tens of KB. */
export const GROUP_PICTURE_MAX_BYTES = 100 * 1024;

const WHITE = { r: 255, g: 255, b: 255 };

async function squarePixels(image: SourceImage, side: number, maxPixels: number): Promise<SquarePixels> {
  try {
    const { data, info } = await openUntrustedImage(image.bytes, maxPixels)
      .resize(side, side, { fit: 'cover', position: 'centre' })
      // JPEG has no alpha: transparent areas become white rather than black.
      .flatten({ background: WHITE })
      .raw()
      .toBuffer({ resolveWithObject: true });
    return { data, side, channels: info.channels };
  } catch (error) {
    throw decodeRefusal(error, maxPixels);
  }
}

/**
 * The picture as WhatsApp wants it: EXIF orientation applied, centre-cropped to a square of
 * 192–640 px (never larger than the source's shorter side unless that is under 192), alpha
 * flattened onto white, JPEG without any metadata (no EXIF, GPS or ICC), at most 100 KB.
 * The pixels are decoded once; only the JPEG encoding is repeated to meet the byte bound.
 */
export async function normaliseGroupPicture(image: SourceImage, options: { maxPixels: number }): Promise<NormalisedImage> {
  const side = Math.min(GROUP_PICTURE_MAX_SIDE, Math.max(GROUP_PICTURE_MIN_SIDE, Math.min(image.width, image.height)));
  const square = await squarePixels(image, side, options.maxPixels);
  const jpeg = await jpegWithin(square, GROUP_PICTURE_MAX_BYTES, GROUP_PICTURE_MIN_SIDE);
  if (jpeg === null) {
    throw new Refusal('IMAGE_TOO_LARGE', 'The picture does not compress to 100 KB even at 192 px; send a simpler image');
  }
  return { bytes: jpeg.bytes, mimetype: 'image/jpeg', width: jpeg.side, height: jpeg.side };
}
