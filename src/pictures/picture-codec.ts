import type { Picture, PictureStatus } from './picture.js';

// Cache values are compact JSON arrays, [status, url, id, version, preview, expiresAt ms,
// fetchedAt ms, freshUntil ms], so a batch of a thousand entries stays small on the wire to Redis
// and in memory. The key's version (pic:v2) changes whenever this layout does.
const STATUSES: readonly PictureStatus[] = ['AVAILABLE', 'NOT_SET', 'HIDDEN', 'NONE'];
const FIELDS = 8;

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
    picture.version,
    picture.preview ? 1 : 0,
    picture.expiresAt?.getTime() ?? null,
    picture.fetchedAt.getTime(),
    freshUntil,
  ]);
}

function nullableString(value: unknown): value is string | null {
  return value === null || typeof value === 'string';
}

/** Decodes a cache value; anything unreadable (an older format, corruption) is a miss, never an error. */
export function decodePicture(value: string): CachedPicture | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== FIELDS) {
    return undefined;
  }
  const [statusIndex, url, id, version, preview, expiresAt, fetchedAt, freshUntil] = parsed as unknown[];
  const status = typeof statusIndex === 'number' ? STATUSES[statusIndex] : undefined;
  if (
    status === undefined ||
    !nullableString(url) ||
    !nullableString(id) ||
    !nullableString(version) ||
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
      version,
      preview: preview === 1,
      expiresAt: expiresAt === null ? null : new Date(expiresAt),
      fetchedAt: new Date(fetchedAt),
    },
    freshUntil,
  };
}
