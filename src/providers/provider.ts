import type { Jid } from '../pictures/jid.js';
import type { PictureStatus } from '../pictures/picture.js';

/** The forms in which a provider can take a new group picture. */
export type GroupPictureForm = 'bytes' | 'url';

/** What a provider can really do; the service never asks for more and never claims more. */
export interface ProviderCapabilities {
  /** It can return a genuinely smaller, low-resolution picture. */
  readonly preview: boolean;
  /** It keeps its own server-side cache and can be told to bypass it. */
  readonly refresh: boolean;
  /** It says whether a missing picture is unset or hidden by privacy (otherwise: NONE). */
  readonly tellsHiddenFromNotSet: boolean;
  /**
   * How it takes a new group picture: `bytes` (our normalised JPEG, sent by the adapter in the
   * provider's own encoding) and/or `url` (a public URL the provider downloads itself). Empty: it
   * cannot set group pictures at all.
   */
  readonly setGroupPicture: readonly GroupPictureForm[];
  /** It can remove a group's picture. */
  readonly deleteGroupPicture: boolean;
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

/** The new picture, in a form the provider declared it takes. */
export type GroupPictureImage =
  /** A normalised square JPEG (at most 640 px, small enough for every provider); never the caller's raw bytes. */
  | { readonly form: 'bytes'; readonly bytes: Buffer; readonly mimetype: 'image/jpeg' }
  /** A public https URL the intake has fetched and checked; the provider downloads it itself. */
  | { readonly form: 'url'; readonly url: string };

export interface SetGroupPictureRequest {
  /** Always a group JID. */
  readonly jid: Jid;
  readonly image: GroupPictureImage;
  /** Aborted at the per-call deadline. */
  readonly signal: AbortSignal;
}

export interface DeleteGroupPictureRequest {
  readonly jid: Jid;
  readonly signal: AbortSignal;
}

/** What a provider says about a successful write. */
export interface GroupPictureWritten {
  /** The new picture's own id, when the provider returns one (GoWA); null otherwise. */
  readonly pictureId: string | null;
}

/**
 * One WhatsApp HTTP API, seen through one account. Providers speak their wire format and map
 * failures to AppErrors with the contract's codes (and write refusals the caller can act on to
 * Refusals); they know nothing of GraphQL or of caching.
 *
 * The write methods are called only for what `capabilities` declares; adapters never retry them.
 */
export interface Provider {
  /** Stable name of the provider kind, part of the cache identity (for example "waha"). */
  readonly kind: string;
  readonly capabilities: ProviderCapabilities;
  fetchPicture(request: ProviderPictureRequest): Promise<ProviderPicture>;
  setGroupPicture(request: SetGroupPictureRequest): Promise<GroupPictureWritten>;
  deleteGroupPicture(request: DeleteGroupPictureRequest): Promise<GroupPictureWritten>;
}
