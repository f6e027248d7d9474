import type { Picture, PictureStatus } from './picture.js';

// Cache values are compact JSON arrays, [status, url, id, preview, expiresAt ms, fetchedAt ms,
// freshUntil ms], so a batch of a thousand entries stays small on the wire to Redis and in memory.
const STATUSES: readonly PictureStatus[] = ['AVAILABLE', 'NOT_SET', 'HIDDEN', 'NONE'];

/** A picture as the cache holds it: with the moment it stops being fresh. */
export interface CachedPicture {
  readonly picture: Picture;
  readonly freshUntil: number;
}

export function encodePicture({ picture, freshUntil }: CachedPicture): string {
  return JSON.stringify([
    STATUSES.indexOf(picture.status),
    picture.url,
    picture.id,
    picture.preview ? 1 : 0,
    picture.expiresAt?.getTime() ?? null,
    picture.fetchedAt.getTime(),
    freshUntil,
  ]);
}

/** Decodes a cache value; anything unreadable (an older format, corruption) is a miss, never an error. */
export function decodePicture(value: string): CachedPicture | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== 7) {
    return undefined;
  }
  const [statusIndex, url, id, preview, expiresAt, fetchedAt, freshUntil] = parsed as unknown[];
  const status = typeof statusIndex === 'number' ? STATUSES[statusIndex] : undefined;
  if (
    status === undefined ||
    !(url === null || typeof url === 'string') ||
    !(id === null || typeof id === 'string') ||
    (preview !== 0 && preview !== 1) ||
    !(expiresAt === null || typeof expiresAt === 'number') ||
    typeof fetchedAt !== 'number' ||
    typeof freshUntil !== 'number'
  ) {
    return undefined;
  }
  return {
    picture: {
      status,
      url,
      id,
      preview: preview === 1,
      expiresAt: expiresAt === null ? null : new Date(expiresAt),
      fetchedAt: new Date(fetchedAt),
    },
    freshUntil,
  };
}
