import type { ClaimRule, SessionAccess } from '../config/index.js';
import { WRITE_SCOPE, type Principal } from './principal.js';

export interface SessionRules {
  readonly name: string;
  /** null: nobody may use the session (deny by default). */
  readonly access: SessionAccess | null;
}

/**
 * Which sessions a verified caller may read, write and use by default, from each session's access
 * rules. A rule matches when every claim it names holds one of its values; a list allows when any
 * of its rules matches. Writing needs a write rule and the `pictures:write` scope, and implies
 * reading. Sessions it does not know are readable by nobody, exactly like sessions it may not read.
 */
export class SessionPolicy {
  readonly #sessions: ReadonlyMap<string, SessionAccess | null>;

  constructor(sessions: readonly SessionRules[]) {
    // File order matters for `defaultSession`; Map keeps insertion order.
    this.#sessions = new Map(sessions.map(({ name, access }) => [name, access]));
  }

  /** Names of sessions that nobody can use, so the start can warn about them. */
  unreachable(): string[] {
    return [...this.#sessions].filter(([, access]) => access === null).map(([name]) => name);
  }

  mayRead(principal: Principal, session: string): boolean {
    const access = this.#access(session);
    return access !== null && reads(principal, access);
  }

  mayWrite(principal: Principal, session: string): boolean {
    const access = this.#access(session);
    return access !== null && writes(principal, access);
  }

  /** The first session, in file order, that is this caller's default and that it may read; null if none. */
  defaultSession(principal: Principal): string | null {
    for (const [name, access] of this.#sessions) {
      if (access !== null && anyMatches(principal, access.defaultFor) && reads(principal, access)) {
        return name;
      }
    }
    return null;
  }

  /** A session's rules; null for one without rules and for one this policy does not know alike. */
  #access(session: string): SessionAccess | null {
    return this.#sessions.get(session) ?? null;
  }
}

function reads(principal: Principal, access: SessionAccess): boolean {
  return anyMatches(principal, access.read) || writes(principal, access);
}

function writes(principal: Principal, access: SessionAccess): boolean {
  return principal.scopes.has(WRITE_SCOPE) && anyMatches(principal, access.write);
}

function anyMatches(principal: Principal, rules: readonly ClaimRule[]): boolean {
  return rules.some((rule) => principal.matches(rule));
}
