import { createHash } from 'node:crypto';
import type { Jid } from '../pictures/jid.js';
import type { Session } from '../session.js';

/**
 * The router cache tags of a picture. A tag names one account (the session's identity: provider,
 * base URL and account, hashed so none of it leaves the process) and one JID in its canonical
 * spelling, so a change reaches every entity type and both sizes of that picture for that account
 * and for no other. The per-account tag lets an operator drop one account's entries at once (after
 * re-pairing a phone, say). Tags never start with `__apollo_internal::`, which the router reserves.
 */
export function pictureCacheTag(session: Session, jid: Jid): string {
  return `wa-picture:${accountTag(session)}:${jid.canonical}`;
}

function accountCacheTag(session: Session): string {
  return `wa-account:${accountTag(session)}`;
}

/**
 * The tags of one entity whose picture a response carries, as `apolloEntityCacheTags` lists them.
 * Every answer carries them for every entity, so they are made once per JID and shared (frozen):
 * parsed JIDs are shared across requests (see parseJid), and one session per JID is remembered.
 */
export function entityCacheTags(session: Session, jid: Jid): readonly string[] {
  let made = entityTags.get(jid);
  if (made?.identity !== session.identity) {
    made = { identity: session.identity, tags: Object.freeze([pictureCacheTag(session, jid), accountCacheTag(session)]) };
    entityTags.set(jid, made);
  }
  return made.tags;
}

const entityTags = new WeakMap<Jid, { readonly identity: string; readonly tags: readonly string[] }>();

const tags = new Map<string, string>();

function accountTag(session: Session): string {
  let tag = tags.get(session.identity);
  if (tag === undefined) {
    tag = createHash('sha256').update(`router-tag\u0000${session.identity}`).digest('base64url').slice(0, 16);
    tags.set(session.identity, tag);
  }
  return tag;
}
