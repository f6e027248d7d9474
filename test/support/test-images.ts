import sharp from 'sharp';

/** A real square JPEG, as the intake hands providers after normalising (≤ 640 px, well under 100 KB). */
export function testJpeg(background = '#25D366', size = 640): Promise<Buffer> {
  return sharp({ create: { width: size, height: size, channels: 3, background } })
    .jpeg()
    .toBuffer();
}

export function testPng(background = '#128C7E', size = 64): Promise<Buffer> {
  return sharp({ create: { width: size, height: size, channels: 3, background } })
    .png()
    .toBuffer();
}

/** Bytes no image decoder accepts. */
export const NOT_AN_IMAGE = Buffer.from('this is not an image, whatever its name says');
