import type { Picture, PictureStatus } from './picture.js';

// Cache values are compact JSON arrays, [status, url, id, preview, expiresAt ms, fetchedAt ms], so a
// batch of a thousand entries stays small on the wire to Redis and in memory.
const STATUSES: readonly PictureStatus[] = ['AVAILABLE', 'NOT_SET', 'HIDDEN', 'NONE'];

export function encodePicture(picture: Picture): string {
  return JSON.stringify([
    STATUSES.indexOf(picture.status),
    picture.url,
    picture.id,
    picture.preview ? 1 : 0,
    picture.expiresAt?.getTime() ?? null,
    picture.fetchedAt.getTime(),
  ]);
}

/** Decodes a cache value; anything unreadable (an older format, corruption) is a miss, never an error. */
export function decodePicture(value: string): Picture | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== 6) {
    return undefined;
  }
  const [statusIndex, url, id, preview, expiresAt, fetchedAt] = parsed as unknown[];
  const status = typeof statusIndex === 'number' ? STATUSES[statusIndex] : undefined;
  if (
    status === undefined ||
    !(url === null || typeof url === 'string') ||
    !(id === null || typeof id === 'string') ||
    (preview !== 0 && preview !== 1) ||
    !(expiresAt === null || typeof expiresAt === 'number') ||
    typeof fetchedAt !== 'number'
  ) {
    return undefined;
  }
  return {
    status,
    url,
    id,
    preview: preview === 1,
    expiresAt: expiresAt === null ? null : new Date(expiresAt),
    fetchedAt: new Date(fetchedAt),
  };
}
