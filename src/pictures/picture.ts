export type PictureStatus = 'AVAILABLE' | 'NOT_SET' | 'HIDDEN' | 'NONE';

/** A profile picture as the product reports it, whichever provider it came from. */
export interface Picture {
  url: string | null;
  /** Changes when the picture changes; non-null exactly when status is AVAILABLE. */
  id: string | null;
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
