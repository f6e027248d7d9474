import { describe, expect, it } from 'vitest';
import { Principal } from '../../src/auth/principal.js';
import { SessionPolicy } from '../../src/auth/session-policy.js';
import { loadConfig } from '../../src/config/index.js';
import { configFailure } from '../support/config-failure.js';
import { writeSessionsFile } from '../support/sessions-file.js';

const NAMES = { scopes: 'scope', tenant: 'tenant' };
const principal = (claims: Record<string, unknown>, names = NAMES) => new Principal('user-1', claims, names);

/** Two tenants and a shared read-only session, as the README describes them. */
const FILE = {
  acme: {
    provider: 'demo',
    access: {
      read: [{ tenant: 'acme' }],
      write: [{ tenant: 'acme', roles: ['picture-editor', 'admin'] }],
      defaultFor: [{ tenant: 'acme' }],
    },
  },
  globex: {
    provider: 'demo',
    access: { read: [{ tenant: 'globex' }], write: [{ tenant: 'globex' }], defaultFor: [{ tenant: 'globex' }] },
  },
  support: {
    provider: 'demo',
    access: { read: [{ tenant: ['acme', 'globex'], scope: 'support:read' }], defaultFor: [{ tenant: 'acme' }] },
  },
  orphan: { provider: 'demo' },
};

function policyOf(content: unknown): SessionPolicy {
  return new SessionPolicy(loadConfig({ WA_SESSIONS_FILE: writeSessionsFile(content) }).sessions);
}

const failure = (content: unknown) => configFailure({ WA_SESSIONS_FILE: writeSessionsFile(content) });

describe('a principal', () => {
  it('holds a claim by equality, by membership for arrays, and numbers as their decimal text', () => {
    const caller = principal({ tenant: 'acme', roles: ['viewer', 'picture-editor'], org: 42, admin: true });
    expect(caller.holds('tenant', ['acme'])).toBe(true);
    expect(caller.holds('tenant', ['globex', 'acme'])).toBe(true);
    expect(caller.holds('tenant', ['ACME'])).toBe(false);
    expect(caller.holds('roles', ['picture-editor'])).toBe(true);
    expect(caller.holds('org', ['42'])).toBe(true);
    expect(caller.holds('admin', ['true'])).toBe(false);
    expect(caller.holds('missing', ['x'])).toBe(false);
    // Inherited properties are not claims.
    expect(caller.holds('constructor', ['[object Object]'])).toBe(false);
  });

  it('reads scopes from a space-separated `scope`, from `scp` (string or array), or from the configured claim only', () => {
    expect([...principal({ scope: 'a  pictures:write' }).scopes]).toEqual(['a', 'pictures:write']);
    expect([...principal({ scp: ['x', 'y'] }).scopes]).toEqual(['x', 'y']);
    expect([...principal({ scope: 'a', scp: 'b' }).scopes]).toEqual(['a', 'b']);
    const auth0 = principal({ scope: 'openid', permissions: ['pictures:write'] }, { scopes: 'permissions', tenant: 'org_id' });
    expect([...auth0.scopes]).toEqual(['pictures:write']);
    expect(auth0.holds('permissions', ['pictures:write'])).toBe(true);
    expect(principal({ scope: 'a b' }).holds('scope', ['b'])).toBe(true);
  });

  it('takes its tenant from the tenant claim, when it is a string or number', () => {
    expect(principal({ tenant: 'acme' }).tenant).toBe('acme');
    expect(principal({ tenant: ['acme'] }).tenant).toBeNull();
    expect(principal({ org_id: 7 }, { scopes: 'scope', tenant: 'org_id' }).tenant).toBe('7');
  });
});

describe('the sessions-file access policy', () => {
  const policy = policyOf(FILE);
  const acmeEditor = principal({ tenant: 'acme', roles: ['picture-editor'], scope: 'pictures:write' });
  const acmeViewer = principal({ tenant: 'acme', roles: ['viewer'], scope: 'pictures:write' });
  const acmeEditorWithoutScope = principal({ tenant: 'acme', roles: ['admin'], scope: 'pictures:read' });
  const globex = principal({ tenant: 'globex', scope: 'pictures:write support:read' });
  const stranger = principal({ tenant: 'initech', scope: 'pictures:write support:read' });

  it('lets each tenant read its own session and no other', () => {
    expect(policy.mayRead(acmeViewer, 'acme')).toBe(true);
    expect(policy.mayRead(acmeViewer, 'globex')).toBe(false);
    expect(policy.mayRead(globex, 'globex')).toBe(true);
    expect(policy.mayRead(globex, 'acme')).toBe(false);
    expect(policy.mayRead(stranger, 'acme')).toBe(false);
  });

  it('needs a write rule and the pictures:write scope to write; writing implies reading', () => {
    expect(policy.mayWrite(acmeEditor, 'acme')).toBe(true);
    expect(policy.mayWrite(acmeViewer, 'acme')).toBe(false);
    expect(policy.mayWrite(acmeEditorWithoutScope, 'acme')).toBe(false);
    expect(policy.mayWrite(globex, 'acme')).toBe(false);
    const writeOnly = policyOf({ s: { provider: 'demo', access: { write: [{ tenant: 'acme' }] } } });
    expect(writeOnly.mayRead(acmeEditor, 's')).toBe(true);
    expect(writeOnly.mayRead(acmeEditorWithoutScope, 's')).toBe(false);
  });

  it('requires every claim of a rule: tenant and scope together', () => {
    expect(policy.mayRead(globex, 'support')).toBe(true);
    expect(policy.mayRead(acmeViewer, 'support')).toBe(false);
    expect(policy.mayRead(stranger, 'support')).toBe(false);
  });

  it('denies sessions without access rules, and unknown sessions, to everyone', () => {
    expect(policy.mayRead(acmeEditor, 'orphan')).toBe(false);
    expect(policy.mayRead(acmeEditor, 'nope')).toBe(false);
    expect(policy.mayWrite(acmeEditor, 'nope')).toBe(false);
    expect(policy.unreachable()).toEqual(['orphan']);
  });

  it('defaults a caller to the first session in file order that names it and that it may read', () => {
    expect(policy.defaultSession(acmeViewer)).toBe('acme');
    expect(policy.defaultSession(globex)).toBe('globex');
    expect(policy.defaultSession(stranger)).toBeNull();
    // `support` names acme callers as a default too, but acme comes first; without acme it is not readable to them.
    const supportFirst = policyOf({ support: FILE.support, acme: FILE.acme });
    expect(supportFirst.defaultSession(acmeViewer)).toBe('acme');
  });

  it('lets every verified caller read the single session of the WA_* variables, and write it with the scope', () => {
    const single = new SessionPolicy(loadConfig({}).sessions);
    expect(single.mayRead(stranger, 'default')).toBe(true);
    expect(single.defaultSession(stranger)).toBe('default');
    expect(single.mayWrite(stranger, 'default')).toBe(true);
    expect(single.mayWrite(acmeEditorWithoutScope, 'default')).toBe(false);
  });

  it.each([
    [{ a: { provider: 'demo', access: [] } }, /^WA_SESSIONS_FILE \(session "a", access\): expected an object/],
    [
      { a: { provider: 'demo', access: { admin: [] } } },
      'WA_SESSIONS_FILE (session "a", access.admin): unknown field; expected read, write, defaultFor',
    ],
    [
      { a: { provider: 'demo', access: { read: { tenant: 'a' } } } },
      /^WA_SESSIONS_FILE \(session "a", access.read\): expected an array of rules/,
    ],
    [
      { a: { provider: 'demo', access: { read: [{}] } } },
      'WA_SESSIONS_FILE (session "a", access.read[0]): a rule names at least one claim (an empty rule would match every caller)',
    ],
    [
      { a: { provider: 'demo', access: { write: [{ tenant: 'a' }, { tenant: [] }] } } },
      'WA_SESSIONS_FILE (session "a", access.write[1].tenant): expected a non-empty string or a non-empty array of them',
    ],
    [
      { a: { provider: 'demo', access: { defaultFor: [{ tenant: 7 }] } } },
      'WA_SESSIONS_FILE (session "a", access.defaultFor[0].tenant): expected a non-empty string or a non-empty array of them',
    ],
  ])('names the problem in %j', (content, message) => {
    if (typeof message === 'string') {
      expect(failure(content)).toBe(message);
    } else {
      expect(failure(content)).toMatch(message);
    }
  });
});
