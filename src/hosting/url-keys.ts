import { createHmac } from 'node:crypto';
import type { Jid } from '../pictures/jid.js';
import type { Session } from '../session.js';

// Bounds the memo of avatar seeds; past it the memo starts again (a seed is one HMAC to redo).
const MAX_SEEDS = 50_000;

/**
 * The secret parts of hosted URLs. A session's key is an HMAC of its identity (provider, base URL,
 * account) under PICTURE_URL_SECRET: it names no credential and no account, and another tenant
 * who knows or guesses our identity string still cannot compute it, so it cannot build a URL for
 * a session it does not use. An avatar's seed is an HMAC of the JID, so its URL holds no phone
 * number, not even as a plain hash that a phone-number dictionary would reverse.
 *
 * Keys are computed once per session and memoised per JID, so the warm path costs map lookups.
 */
export class UrlKeys {
  readonly #secrets: readonly string[];
  readonly #bySession = new WeakMap<Session, string>();
  readonly #sessions = new Map<string, Session>();
  readonly #seeds = new Map<string, string>();

  /** `secrets[0]` mints every key; the others (a rotation's previous secret) are still recognised. */
  constructor(secrets: readonly string[]) {
    if (secrets.length === 0) {
      throw new Error('UrlKeys needs at least one secret');
    }
    this.#secrets = secrets;
  }

  /** Makes the sessions' keys (under every secret) known to `sessionFor`. */
  register(sessions: Iterable<Session>): void {
    for (const session of sessions) {
      for (const secret of this.#secrets) {
        this.#sessions.set(derive(secret, 'session', session.identity, 22), session);
      }
    }
  }

  sessionKey(session: Session): string {
    let key = this.#bySession.get(session);
    if (key === undefined) {
      key = derive(this.#secrets[0] as string, 'session', session.identity, 22);
      this.#bySession.set(session, key);
      this.#sessions.set(key, session);
    }
    return key;
  }

  /** The session a URL's key belongs to; undefined for a key no served session has. */
  sessionFor(key: string): Session | undefined {
    return this.#sessions.get(key);
  }

  avatarSeed(jid: Jid): string {
    let seed = this.#seeds.get(jid.canonical);
    if (seed === undefined) {
      if (this.#seeds.size >= MAX_SEEDS) {
        this.#seeds.clear();
      }
      seed = derive(this.#secrets[0] as string, 'avatar', jid.canonical, 16);
      this.#seeds.set(jid.canonical, seed);
    }
    return seed;
  }
}

function derive(secret: string, purpose: string, value: string, length: number): string {
  return createHmac('sha256', secret).update(`${purpose}\u0000${value}`).digest('base64url').slice(0, length);
}
