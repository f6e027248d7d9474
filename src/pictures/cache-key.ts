import { createHash } from 'node:crypto';
import type { Session } from '../session.js';
import type { Jid } from './jid.js';

export type PictureSize = 'full' | 'preview';

/**
 * One cache entry per (session identity, JID, size). The identity is hashed so that base URLs stay
 * out of the cache, and wrapped in braces so that Redis Cluster keeps a session's keys in one hash
 * slot and a batch can be read with one MGET. `v2` changes when the value format does.
 */
export function pictureCacheKey(session: Session, jid: Jid, size: PictureSize): string {
  return `pic:v2:{${identityTag(session.identity)}}:${jid.canonical}:${size === 'preview' ? 'p' : 'f'}`;
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
