export type PictureStatus = 'AVAILABLE' | 'NOT_SET' | 'HIDDEN' | 'NONE';

/** A profile picture as the product reports it, whichever provider it came from. */
export interface Picture {
  url: string | null;
  /**
   * Identity for normalising client caches: unique per (JID, size, version), the same whichever
   * entity type asked. Non-null exactly when status is AVAILABLE.
   */
  id: string | null;
  /** The picture's version: the same for every size, changes when the picture changes. Non-null exactly when AVAILABLE. */
  version: string | null;
  status: PictureStatus;
  /** True only when url really is the low-resolution preview. */
  preview: boolean;
  expiresAt: Date | null;
  fetchedAt: Date;
}

/** What the caller asks for one picture. */
export interface PictureOptions {
  preview: boolean;
  refresh: boolean;
}
