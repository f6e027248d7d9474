/** The scope the schema's `@requiresScopes` asks of both mutations; writing a session also needs a write rule. */
export const WRITE_SCOPE = 'pictures:write';

export interface PrincipalClaimNames {
  /** Where the scopes are: a space-separated string (OAuth 2 `scope`) or an array. */
  readonly scopes: string;
  /** Logged as the tenant in audit lines; rules may name any claim. */
  readonly tenant: string;
}

/** A caller whose token was verified: who it is, for whom it acts, and what it may do. */
export class Principal {
  readonly subject: string;
  readonly tenant: string | null;
  readonly scopes: ReadonlySet<string>;
  readonly #claims: Readonly<Record<string, unknown>>;
  readonly #scopeClaims: ReadonlySet<string>;

  constructor(subject: string, claims: Readonly<Record<string, unknown>>, names: PrincipalClaimNames) {
    this.subject = subject;
    this.#claims = claims;
    // Entra ID and others put scopes in `scp`; read it too unless the deployment named its own claim.
    this.#scopeClaims = new Set(names.scopes === 'scope' ? ['scope', 'scp'] : [names.scopes]);
    this.scopes = new Set([...this.#scopeClaims].flatMap((claim) => scopeList(claims[claim])));
    const tenant = claims[names.tenant];
    this.tenant = typeof tenant === 'string' || typeof tenant === 'number' ? String(tenant) : null;
  }

  /** Whether `claim` holds one of `values`: equality for a single value, membership for arrays and scopes. */
  holds(claim: string, values: readonly string[]): boolean {
    if (this.#scopeClaims.has(claim)) {
      return values.some((value) => this.scopes.has(value));
    }
    const held = Object.hasOwn(this.#claims, claim) ? this.#claims[claim] : undefined;
    const candidates = Array.isArray(held) ? held : [held];
    return candidates.some(
      (candidate) => (typeof candidate === 'string' || typeof candidate === 'number') && values.includes(String(candidate)),
    );
  }

  /** Whether every claim the rule names holds; a rule naming none matches every verified caller. */
  matches(rule: ReadonlyMap<string, readonly string[]>): boolean {
    for (const [claim, values] of rule) {
      if (!this.holds(claim, values)) {
        return false;
      }
    }
    return true;
  }
}

function scopeList(value: unknown): string[] {
  if (typeof value === 'string') {
    return value.split(/\s+/).filter((scope) => scope !== '');
  }
  return Array.isArray(value) ? value.filter((scope): scope is string => typeof scope === 'string' && scope !== '') : [];
}
