/**
 * The domain's port for images a caller hands in; `src/images/` implements it (SSRF-safe fetch,
 * caps, type sniffing, sharp). Every method refuses bad input with a `Refusal` whose code says
 * why (FORBIDDEN_IMAGE_URL, IMAGE_UNREACHABLE, IMAGE_TOO_LARGE, UNSUPPORTED_IMAGE_TYPE,
 * INVALID_IMAGE) and no `field`: the caller knows which input it came from.
 */
export interface CheckedImage {
  readonly bytes: Buffer;
  /** From the bytes, never from a header or a name. */
  readonly type: 'jpeg' | 'png' | 'webp';
  readonly width: number;
  readonly height: number;
}

/** What every provider is sent: one square JPEG, small enough for all of them. */
export interface NormalisedImage {
  readonly bytes: Buffer;
  readonly mimetype: 'image/jpeg';
  readonly width: number;
  readonly height: number;
}

export interface ImageSource {
  /** Fetches an image URL and checks what arrives. */
  fromUrl(url: string, signal?: AbortSignal): Promise<CheckedImage>;
  /** Decodes raw base64 or a `data:` URI and checks it. */
  fromBase64(value: string): Promise<CheckedImage>;
  /** A centre-cropped square JPEG of at most 640 px without metadata. */
  normalise(image: CheckedImage): Promise<NormalisedImage>;
  /** Releases connections. */
  close(): Promise<void>;
}
