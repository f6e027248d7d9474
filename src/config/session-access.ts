import { ConfigError } from './env.js';
import { fileObject } from './file-fields.js';

/** Claim name → the values it may hold; a rule matches a caller when every claim it names holds one of them. */
export type ClaimRule = ReadonlyMap<string, readonly string[]>;

/** Who may use a session under AUTH_MODE=jwt; each list matches when any one of its rules does. */
export interface SessionAccess {
  readonly read: readonly ClaimRule[];
  readonly write: readonly ClaimRule[];
  /** Callers whose default this session is, when they send no `x-wa-session`. */
  readonly defaultFor: readonly ClaimRule[];
}

/**
 * The one session of the WA_* variables under AUTH_MODE=jwt: every verified caller may read it
 * and is defaulted to it, and writes need only the write scope. A rule that names no claim matches
 * every caller; the sessions file cannot write one (see `sessionAccess`), so this is the only
 * place such a rule exists.
 */
export const ANY_VERIFIED_CALLER: SessionAccess = { read: [new Map()], write: [new Map()], defaultFor: [new Map()] };

const LISTS = ['read', 'write', 'defaultFor'] as const;

/** Parses a sessions-file entry's `"access": { "read": [ { "<claim>": "v" | ["v1", "v2"] } ], "write": […], "defaultFor": […] }`. */
export function sessionAccess(value: unknown, where: (field: string) => string): SessionAccess {
  const record = fileObject(
    value,
    LISTS,
    where('access'),
    'an object { "read": [rules], "write": [rules], "defaultFor": [rules] }',
    (key) => where(`access.${key}`),
  );
  const [read, write, defaultFor] = LISTS.map((list) => rules(record[list], `access.${list}`, where));
  return { read: read ?? [], write: write ?? [], defaultFor: defaultFor ?? [] };
}

function rules(value: unknown, path: string, where: (field: string) => string): ClaimRule[] {
  if (value === undefined) {
    return [];
  }
  if (!Array.isArray(value)) {
    throw new ConfigError(where(path), 'expected an array of rules, [ { "<claim>": "<value>" } ]');
  }
  return value.map((rule, index) => claimRule(rule, `${path}[${index}]`, where));
}

function claimRule(value: unknown, path: string, where: (field: string) => string): ClaimRule {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError(where(path), 'expected an object of claims, { "<claim>": "<value>" | ["<value>", …] }');
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) {
    // It would match every caller with a valid token: say so explicitly with a claim every token has, such as "iss".
    throw new ConfigError(where(path), 'a rule names at least one claim (an empty rule would match every caller)');
  }
  return new Map(
    entries.map(([claim, values]) => {
      const list = typeof values === 'string' ? [values] : values;
      if (!Array.isArray(list) || list.length === 0 || !list.every((item) => typeof item === 'string' && item !== '')) {
        throw new ConfigError(where(`${path}.${claim}`), 'expected a non-empty string or a non-empty array of them');
      }
      return [claim, list as string[]];
    }),
  );
}
