import type { CheckedImage, ImageSource, NormalisedImage } from '../pictures/image-source.js';
import { ImageIntake, type ImageIntakeOptions } from './image-intake.js';
import { normaliseGroupPicture } from './normalise.js';

/** The domain's image port on the real intake: SSRF-safe fetch, bounded base64, sharp normalisation. */
export class IntakeImageSource implements ImageSource {
  readonly #intake: ImageIntake;
  readonly #maxPixels: number;

  constructor(options: ImageIntakeOptions) {
    this.#intake = new ImageIntake(options);
    this.#maxPixels = options.maxPixels;
  }

  fromUrl(url: string, signal?: AbortSignal): Promise<CheckedImage> {
    return this.#intake.fromUrl(url, signal);
  }

  fromBase64(value: string): Promise<CheckedImage> {
    return this.#intake.fromBase64(value);
  }

  normalise(image: CheckedImage): Promise<NormalisedImage> {
    return normaliseGroupPicture(image, { maxPixels: this.#maxPixels });
  }

  close(): Promise<void> {
    return this.#intake.close();
  }
}
