import type { Jid } from '../pictures/jid.js';
import type { PictureStatus } from '../pictures/picture.js';

/** What a provider can really do; the service never asks for more and never claims more. */
export interface ProviderCapabilities {
  /** It can return a genuinely smaller, low-resolution picture. */
  readonly preview: boolean;
  /** It keeps its own server-side cache and can be told to bypass it. */
  readonly refresh: boolean;
  /** It says whether a missing picture is unset or hidden by privacy (otherwise: NONE). */
  readonly tellsHiddenFromNotSet: boolean;
}

export interface ProviderPictureRequest {
  readonly jid: Jid;
  /** Only ever true when the provider declares the preview capability. */
  readonly preview: boolean;
  readonly refresh: boolean;
  /** Aborted at the per-call deadline; providers must stop their I/O when it fires. */
  readonly signal: AbortSignal;
}

/** A provider's answer, before the service normalises it (ids, expiry, fetch time). */
export interface ProviderPicture {
  readonly status: PictureStatus;
  readonly url: string | null;
  /** The provider's own version id of the picture, when it has one. */
  readonly id: string | null;
  readonly preview: boolean;
}

/**
 * One WhatsApp HTTP API, seen through one account. Providers speak their wire format and map
 * failures to AppErrors with the contract's codes; they know nothing of GraphQL or of caching.
 */
export interface Provider {
  /** Stable name of the provider kind, part of the cache identity (for example "waha"). */
  readonly kind: string;
  readonly capabilities: ProviderCapabilities;
  fetchPicture(request: ProviderPictureRequest): Promise<ProviderPicture>;
}
