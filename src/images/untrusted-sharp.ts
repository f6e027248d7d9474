import sharp, { type Sharp } from 'sharp';
import { Refusal } from '../errors.js';

// The only decoders untrusted bytes may reach. Everything else libvips can read (SVG via librsvg,
// GIF, TIFF, HEIF, PDF, raw camera formats…) is attack surface this service never needs.
const PICTURE_LOADERS = ['VipsForeignLoadJpegBuffer', 'VipsForeignLoadPngBuffer', 'VipsForeignLoadWebpBuffer'];

let restricted = false;

/**
 * Process-wide and permanent: after the first call, sharp in this process decodes only JPEG, PNG
 * and WebP buffers (creating images, reading raw pixels and encoding any format still work).
 * Nothing rasterises SVG: the demo draws its JPEGs from raw pixels, and generated avatars are
 * served to browsers as SVG text. Whoever adds rasterising must not unblock its loader lightly.
 */
export function restrictSharpToPictureLoaders(): void {
  if (restricted) {
    return;
  }
  sharp.block({ operation: ['VipsForeignLoad'] });
  sharp.unblock({ operation: PICTURE_LOADERS });
  restricted = true;
}

/**
 * sharp over bytes from a caller or a remote host: picture loaders only, the pixel limit checked
 * from the header before any decoding, sharp's default `failOn: 'warning'` (truncated or corrupt
 * data fails instead of decoding to grey), and EXIF orientation applied.
 */
export function openUntrustedImage(bytes: Buffer, maxPixels: number): Sharp {
  restrictSharpToPictureLoaders();
  return sharp(bytes, { limitInputPixels: maxPixels, autoOrient: true });
}

/** What a sharp failure on untrusted bytes means to the caller. */
export function decodeRefusal(error: unknown, maxPixels: number): Refusal {
  // sharp has no error codes; this text is pinned by the pixel-bomb tests.
  if (error instanceof Error && error.message.includes('exceeds pixel limit')) {
    return new Refusal('IMAGE_TOO_LARGE', `The image declares more than ${maxPixels} pixels; send a smaller image`, { cause: error });
  }
  return new Refusal('INVALID_IMAGE', 'The image data is corrupt or not a complete image', { cause: error });
}
