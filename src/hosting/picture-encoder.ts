import sharp, { type Sharp } from 'sharp';
import type { SourceImage } from '../images/source-image.js';
import { decodeRefusal, openUntrustedImage } from '../images/untrusted-sharp.js';
import { HOSTED_FORMATS, HOSTED_SIZES, SIZE_PIXELS, type HostedFormat, type HostedSize } from './picture-paths.js';

/** One file of a hosted picture, as served. */
export interface PictureVariant {
  readonly size: HostedSize;
  readonly format: HostedFormat;
  readonly bytes: Buffer;
  readonly contentType: 'image/webp' | 'image/jpeg';
}

const QUALITY = 80;
const WHITE = { r: 255, g: 255, b: 255 };

interface Pixels {
  readonly data: Buffer;
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 2 | 3 | 4;
}

async function encode(pixels: Pixels, format: HostedFormat): Promise<Buffer> {
  const { data, width, height, channels } = pixels;
  const image = sharp(data, { raw: { width, height, channels } });
  // JPEG has no alpha: transparency becomes white, as on WhatsApp's own light backgrounds.
  return format === 'webp'
    ? image.webp({ quality: QUALITY }).toBuffer()
    : image.flatten({ background: WHITE }).jpeg({ quality: QUALITY, mozjpeg: true }).toBuffer();
}

async function decode(image: Sharp): Promise<Pixels> {
  const { data, info } = await image.raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels };
}

/**
 * The four files of a hosted picture from the CDN's image: the full picture at most 640 px on its
 * longer side (never enlarged) and a 96 px square, each as WebP and as JPEG. The source is decoded
 * once, through the intake's restricted sharp (JPEG, PNG and WebP loaders only, pixel limit from
 * the header, EXIF orientation applied); every output is re-encoded from pixels, so no metadata
 * (EXIF, GPS, ICC, comments) of the source survives.
 */
export async function encodePicture(source: SourceImage, maxPixels: number): Promise<PictureVariant[]> {
  let full: Pixels;
  let small: Pixels;
  try {
    full = await decode(
      openUntrustedImage(source.bytes, maxPixels).resize(SIZE_PIXELS.full, SIZE_PIXELS.full, { fit: 'inside', withoutEnlargement: true }),
    );
    small = await decode(
      sharp(full.data, { raw: { width: full.width, height: full.height, channels: full.channels } }).resize(
        SIZE_PIXELS.small,
        SIZE_PIXELS.small,
        {
          fit: 'cover',
          position: 'centre',
        },
      ),
    );
  } catch (error) {
    throw decodeRefusal(error, maxPixels);
  }
  const pixels: Record<HostedSize, Pixels> = { full, small };
  return Promise.all(
    HOSTED_SIZES.flatMap((size) =>
      HOSTED_FORMATS.map(async (format): Promise<PictureVariant> => ({
        size,
        format,
        bytes: await encode(pixels[size], format),
        contentType: format === 'webp' ? 'image/webp' : 'image/jpeg',
      })),
    ),
  );
}
