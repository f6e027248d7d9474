import { fileTypeFromBuffer } from 'file-type';
import { Refusal } from '../errors.js';
import { decodeRefusal, openUntrustedImage } from './untrusted-sharp.js';

export type SourceImageType = 'jpeg' | 'png' | 'webp';

/** Bytes a caller or a remote host gave us, known to be a JPEG, PNG or WebP within the limits. */
export interface SourceImage {
  readonly bytes: Buffer;
  /** From the bytes, never from a header, a data: URI or an extension. */
  readonly type: SourceImageType;
  /** As displayed, i.e. after EXIF orientation. */
  readonly width: number;
  readonly height: number;
}

// file-type's extension for each accepted type; APNG, GIF, SVG, AVIF… are all refused.
const ACCEPTED = new Map<string, SourceImageType>([
  ['jpg', 'jpeg'],
  ['png', 'png'],
  ['webp', 'webp'],
]);

/**
 * Sniffs the type from the bytes and reads the dimensions from the header, refusing before any
 * pixel is decoded when the header declares more than `maxPixels`. Pixels are decoded later by
 * whoever transforms the image, which maps a failure there to INVALID_IMAGE as well.
 */
export async function readSourceImage(bytes: Buffer, maxPixels: number): Promise<SourceImage> {
  if (bytes.length === 0) {
    throw new Refusal('INVALID_IMAGE', 'The image is empty');
  }
  const sniffed = await fileTypeFromBuffer(bytes);
  const type = sniffed === undefined ? undefined : ACCEPTED.get(sniffed.ext);
  if (type === undefined) {
    const what = sniffed === undefined ? 'The data is not' : `A ${sniffed.ext.toUpperCase()} file is not`;
    throw new Refusal('UNSUPPORTED_IMAGE_TYPE', `${what} an accepted image; send a JPEG, PNG or WebP`);
  }
  let metadata;
  try {
    metadata = await openUntrustedImage(bytes, maxPixels).metadata();
  } catch (error) {
    throw decodeRefusal(error, maxPixels);
  }
  if (metadata.format !== type) {
    throw new Refusal('INVALID_IMAGE', 'The image data is corrupt or not a complete image');
  }
  return { bytes, type, width: metadata.autoOrient.width, height: metadata.autoOrient.height };
}
