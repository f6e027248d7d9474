import type { CheckedImage, ImageSource, NormalisedImage } from '../../src/pictures/image-source.js';

/** An image port that records what it was asked and answers from the test's script. */
export class FakeImages implements ImageSource {
  readonly asked: string[] = [];
  fetched: () => CheckedImage = () => ({ bytes: Buffer.from('raw caller bytes'), type: 'png', width: 800, height: 600 });

  async fromUrl(url: string): Promise<CheckedImage> {
    this.asked.push(`url ${url}`);
    return this.fetched();
  }

  async fromBase64(): Promise<CheckedImage> {
    this.asked.push('base64');
    return this.fetched();
  }

  async normalise(image: CheckedImage): Promise<NormalisedImage> {
    this.asked.push(`normalise ${image.width}x${image.height}`);
    return { bytes: Buffer.from('normalised jpeg'), mimetype: 'image/jpeg', width: 600, height: 600 };
  }

  async close(): Promise<void> {}
}
