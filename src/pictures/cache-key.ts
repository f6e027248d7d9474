import { createHash } from 'node:crypto';
import type { Session } from '../session.js';
import type { Jid } from './jid.js';

export type PictureSize = 'full' | 'preview';

export const PICTURE_SIZES: readonly PictureSize[] = ['full', 'preview'];

/**
 * One cache entry per (session identity, JID, size). The identity is hashed so that base URLs stay
 * out of the cache, and wrapped in braces so that Redis Cluster keeps a session's keys in one hash
 * slot and a batch can be read with one MGET. `v2` changes when the value format does.
 */
export function pictureCacheKey(session: Session, jid: Jid, size: PictureSize): string {
  let keys = cacheKeys.get(jid);
  if (keys?.identity !== session.identity) {
    const prefix = jidPrefix(session, jid);
    keys = { identity: session.identity, full: `${prefix}:f`, preview: `${prefix}:p` };
    cacheKeys.set(jid, keys);
  }
  return size === 'preview' ? keys.preview : keys.full;
}

// The cache keys last made for a JID (parsed JIDs are shared across requests, see parseJid): a
// warm read then builds no strings. One session per JID is remembered; another replaces it.
const cacheKeys = new WeakMap<Jid, { readonly identity: string; readonly full: string; readonly preview: string }>();

/**
 * When we last changed this JID's picture ourselves (a stamp, kept for a provider cache's life):
 * reads guard their cache writes with it, and a read that finds it asks providers with a cache of
 * their own to refresh.
 */
export function pictureChangeKey(session: Session, jid: Jid): string {
  return `${jidPrefix(session, jid)}:c`;
}

/** The lease that lets one write at a time change this JID's picture, and spaces the writes. */
export function pictureWriteLeaseKey(session: Session, jid: Jid): string {
  return `${jidPrefix(session, jid)}:w`;
}

function jidPrefix(session: Session, jid: Jid): string {
  return `pic:v2:{${identityTag(session.identity)}}:${jid.canonical}`;
}

const tags = new Map<string, string>();

function identityTag(identity: string): string {
  let tag = tags.get(identity);
  if (tag === undefined) {
    tag = createHash('sha256').update(identity).digest('base64url').slice(0, 16);
    tags.set(identity, tag);
  }
  return tag;
}
