import { AppError } from '../errors.js';

/** What a JID names: the picture rules differ for people, groups and channels. */
export type JidKind = 'person' | 'group' | 'newsletter';

/** The servers we accept; `c.us` and `s.whatsapp.net` are two spellings of one phone identity. */
export type JidServer = 'c.us' | 's.whatsapp.net' | 'lid' | 'g.us' | 'newsletter';

export interface Jid {
  /** The id exactly as the caller sent it. */
  readonly raw: string;
  readonly user: string;
  readonly server: JidServer;
  readonly kind: JidKind;
  /**
   * One spelling per identity, so `123@c.us` and `123@s.whatsapp.net` share a cache entry and an
   * upstream call. A LID stays a LID: mapping it to a phone number needs the provider.
   */
  readonly canonical: string;
}

/** Which JIDs each entity type may carry: a Contact is a person, a Group a group, a Chat any. */
export type EntityType = 'Chat' | 'Contact' | 'Group';

const KINDS_BY_ENTITY: Record<EntityType, readonly JidKind[]> = {
  Chat: ['person', 'group', 'newsletter'],
  Contact: ['person'],
  Group: ['group'],
};

// Phone numbers are at most 15 digits (E.164); LIDs and newsletter ids are opaque digit strings of
// similar length. Old group ids are `<creator phone>-<unix seconds>`, new ones `120363…` (18+ digits).
const PATTERNS: Record<JidServer, RegExp> = {
  'c.us': /^[1-9]\d{4,14}$/,
  's.whatsapp.net': /^[1-9]\d{4,14}$/,
  lid: /^\d{5,20}$/,
  'g.us': /^(?:[1-9]\d{4,14}-\d{9,11}|\d{10,25})$/,
  newsletter: /^\d{5,25}$/,
};

const KIND_BY_SERVER: Record<JidServer, JidKind> = {
  'c.us': 'person',
  's.whatsapp.net': 'person',
  lid: 'person',
  'g.us': 'group',
  newsletter: 'newsletter',
};

const EXAMPLES =
  '123456789@c.us, 123456789@s.whatsapp.net, 123456789@lid, 123456789-1600000000@g.us, 120363012345678901@g.us or 120363012345678901@newsletter';

function isServer(value: string): value is JidServer {
  return Object.hasOwn(PATTERNS, value);
}

function invalid(raw: string, why: string): AppError {
  // Only a short, sanitised prefix of the input goes back: the id may be arbitrary caller text.
  const shown = raw.length > 64 ? `${raw.slice(0, 64)}…` : raw;
  return new AppError('BAD_USER_INPUT', `Invalid WhatsApp id ${JSON.stringify(shown)}: ${why}`);
}

// Parsed JIDs by the text they came from. Routers ask for the same chats again and again, and a
// parse (slices, a regex, a canonical spelling) costs more than a lookup; a Jid never changes, so
// requests can share one. Bounded: when full, the JID parsed longest ago makes room (a Map keeps
// insertion order), so the memo holds at most MEMO_SIZE JIDs, about 2.5 MB, and never empties at once.
const MEMO_SIZE = 10_000;
const memo = new Map<string, Jid>();

/** Parses a JID in any form WhatsApp APIs use, or throws a BAD_USER_INPUT AppError saying why. */
export function parseJid(raw: string): Jid {
  let jid = memo.get(raw);
  if (jid === undefined) {
    jid = parse(raw);
    for (const oldest of memo.keys()) {
      if (memo.size < MEMO_SIZE) {
        break;
      }
      memo.delete(oldest);
    }
    memo.set(raw, jid);
  }
  return jid;
}

function parse(raw: string): Jid {
  const at = raw.lastIndexOf('@');
  if (at <= 0 || at !== raw.indexOf('@')) {
    throw invalid(raw, `expected one user@server pair such as ${EXAMPLES}`);
  }
  const user = raw.slice(0, at);
  const server = raw.slice(at + 1).toLowerCase();
  if (!isServer(server)) {
    throw invalid(raw, `unknown server "@${server.slice(0, 32)}"; expected @c.us, @s.whatsapp.net, @lid, @g.us or @newsletter`);
  }
  if (!PATTERNS[server].test(user)) {
    throw invalid(raw, `"${user.slice(0, 32)}" is not a valid @${server} user part`);
  }
  const canonicalServer = server === 'c.us' ? 's.whatsapp.net' : server;
  return { raw, user, server, kind: KIND_BY_SERVER[server], canonical: `${user}@${canonicalServer}` };
}

/** Parses a JID and checks that the entity type may carry it. */
export function parseEntityJid(entity: EntityType, raw: string): Jid {
  const jid = parseJid(raw);
  if (!KINDS_BY_ENTITY[entity].includes(jid.kind)) {
    throw invalid(raw, `a ${entity} id must be a ${KINDS_BY_ENTITY[entity].join(' or ')} JID, not a ${jid.kind} JID`);
  }
  return jid;
}

/** The JID in the form a provider wants for people: phone JIDs as `@c.us` or `@s.whatsapp.net`. */
export function jidForProvider(jid: Jid, phoneServer: 'c.us' | 's.whatsapp.net'): string {
  return jid.server === 'c.us' || jid.server === 's.whatsapp.net' ? `${jid.user}@${phoneServer}` : `${jid.user}@${jid.server}`;
}
