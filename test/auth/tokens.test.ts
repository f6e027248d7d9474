import type { JWTPayload } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SessionRegistry } from '../../src/sessions.js';
import { FakeProvider } from '../support/fake-provider.js';
import {
  AUDIENCE,
  ISSUER,
  mint,
  signingKey,
  startIdentityProvider,
  tampered,
  unsignedToken,
  type IdentityProvider,
} from '../support/identity-provider.js';
import { refusalCount } from '../support/metrics.js';
import { writeSessionsFile } from '../support/sessions-file.js';
import { postGraphQL, startSubgraph, type RunningSubgraph } from '../support/start-subgraph.js';

const ENTITIES = `#graphql
  query ($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Chat { id picture { status } }
      ... on Group { id picture(preview: true) { status } }
    }
  }
`;
const REPRESENTATIONS = [
  { __typename: 'Chat', id: '15550000001@c.us' },
  { __typename: 'Group', id: '120363000000000002@g.us' },
];
const DELETE = `#graphql
  mutation { deleteGroupPicture(groupId: "120363000000000002@g.us") { group { id } userErrors { code } } }
`;
const ACME: JWTPayload = { tenant: 'acme', scope: 'pictures:read pictures:write' };

describe('tokens verified against a JWKS on loopback', () => {
  let idp: IdentityProvider;
  let subgraph: RunningSubgraph;
  const provider = new FakeProvider({ preview: true });
  let clock = Date.now();

  beforeAll(async () => {
    idp = await startIdentityProvider();
    subgraph = await startSubgraph({
      env: {
        AUTH_MODE: 'jwt',
        AUTH_JWKS_URL: idp.jwksUrl,
        AUTH_JWT_ISSUER: ISSUER,
        AUTH_JWT_AUDIENCE: AUDIENCE,
        WA_SESSIONS_FILE: writeSessionsFile({
          acme: {
            provider: 'demo',
            access: { read: [{ tenant: 'acme' }], write: [{ tenant: 'acme' }], defaultFor: [{ tenant: 'acme' }] },
          },
        }),
      },
      // The policy comes from the file; the session's provider counts every call.
      sessions: () => new SessionRegistry([{ name: 'acme', identity: 'fake|acme', provider }]),
      authClock: () => clock,
    });
  });
  afterAll(async () => {
    await subgraph?.close();
    await idp?.close();
  });
  beforeEach(() => {
    provider.calls.length = 0;
    provider.writes.length = 0;
  });

  const read = (token: string | undefined) =>
    postGraphQL(
      subgraph.url,
      { query: ENTITIES, variables: { representations: REPRESENTATIONS } },
      token === undefined ? {} : { authorization: `Bearer ${token}` },
    );
  const write = (token: string | undefined) =>
    postGraphQL(subgraph.url, { query: DELETE }, token === undefined ? {} : { authorization: `Bearer ${token}` });

  it('loaded the keys once at start', () => {
    expect(idp.fetches).toBe(1);
  });

  it('accepts a valid token: pictures for its default session, and a write with the write scope', async () => {
    const token = await idp.mint(ACME);
    const { status, body } = await read(token);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data?._entities).toEqual([
      { id: '15550000001@c.us', picture: { status: 'AVAILABLE' } },
      { id: '120363000000000002@g.us', picture: { status: 'AVAILABLE' } },
    ]);
    expect(provider.calls).toHaveLength(2);

    const deleted = await write(token);
    expect(deleted.body.data?.deleteGroupPicture).toEqual({ group: { id: '120363000000000002@g.us' }, userErrors: [] });
    expect(provider.writes.map((entry) => entry.operation)).toEqual(['delete']);
  });

  it('accepts a token that expired within the clock skew (30 s)', async () => {
    const { body } = await read(await idp.mint(ACME, { expiresIn: -10 }));
    expect(body.errors).toBeUndefined();
  });

  const refusals: Array<[string, () => Promise<string | undefined> | string | undefined, string]> = [
    ['no token at all', () => undefined, 'missing_token'],
    ['an expired token', () => idp.mint(ACME, { expiresIn: -120 }), 'expired_token'],
    ['a token not valid yet', () => idp.mint(ACME, { notBefore: 300 }), 'token_not_yet_valid'],
    ['a token for another audience', () => idp.mint(ACME, { audience: 'another-api' }), 'invalid_token'],
    ['a token from another issuer', () => idp.mint(ACME, { issuer: 'https://evil.example.test/' }), 'invalid_token'],
    ['a token signed with a key the JWKS does not have', async () => mint(await signingKey('key-1'), ACME), 'invalid_token'],
    ['an unsigned token (alg: none)', () => unsignedToken(ACME), 'invalid_token'],
    [
      'an HS256 token whose secret is the RSA public key',
      () => mint({ alg: 'HS256', kid: 'key-1', secret: new TextEncoder().encode(idp.currentKey.publicPem) }, ACME),
      'invalid_token',
    ],
    ['a tampered payload', async () => tampered(await idp.mint({ tenant: 'other', scope: '' }), ACME), 'invalid_token'],
    ['a token that never expires', () => idp.mint(ACME, { expiresIn: null }), 'invalid_token'],
    ['a token that names no subject', () => idp.mint(ACME, { subject: null }), 'invalid_token'],
    ['something that is not a JWT', () => 'not.a.jwt', 'invalid_token'],
  ];

  it.each(refusals)('refuses %s: UNAUTHENTICATED per field, the entities stand, no provider call', async (_, token, reason) => {
    const given = await token();
    const before = await refusalCount(subgraph.url, reason);

    const { status, body } = await read(given);
    expect(status).toBe(200);
    expect(body.data?._entities).toEqual([
      { id: '15550000001@c.us', picture: null },
      { id: '120363000000000002@g.us', picture: null },
    ]);
    expect(body.errors?.map((error) => [error.path, error.extensions?.code])).toEqual([
      [['_entities', 0, 'picture'], 'UNAUTHENTICATED'],
      [['_entities', 1, 'picture'], 'UNAUTHENTICATED'],
    ]);

    const deleted = await write(given);
    expect(deleted.status).toBe(200);
    expect(deleted.body.errors?.map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED']);

    expect(provider.calls).toHaveLength(0);
    expect(provider.writes).toHaveLength(0);
    // One refused read request, one refused write.
    expect(await refusalCount(subgraph.url, reason)).toBe(before + 2);
    if (given !== undefined) {
      expect(subgraph.logger.lines.join('\n')).not.toContain(given);
    }
  });

  it('reads no token from an Authorization header of another scheme (Basic)', async () => {
    const { body } = await postGraphQL(
      subgraph.url,
      { query: ENTITIES, variables: { representations: REPRESENTATIONS } },
      { authorization: `Basic ${Buffer.from('user:password').toString('base64')}` },
    );
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(provider.calls).toHaveLength(0);
  });

  it('serves _service { sdl } without a token, so routers can compose', async () => {
    const { status, body } = await postGraphQL(subgraph.url, { query: '{ _service { sdl } }' });
    expect(status).toBe(200);
    const sdl = String((body.data?._service as { sdl: string }).sdl);
    expect(sdl).toContain('import: ["@key", "@authenticated", "@requiresScopes"]');
    expect(sdl.match(/\): ProfilePicture @authenticated/g)).toHaveLength(3);
    expect(sdl.match(/@requiresScopes\(scopes: \[\["pictures:write"\]\]\)/g)).toHaveLength(2);
  });

  it('finds a key the identity provider rotated in by fetching the JWKS once more, at most once per cooldown', async () => {
    const next = await signingKey('key-2');
    idp.publish(next);
    const fetched = idp.fetches;

    // Within the 30 s cooldown of the last fetch an unknown kid costs the JWKS host nothing.
    expect((await read(await idp.mint(ACME, { key: next }))).body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(idp.fetches).toBe(fetched);

    clock += 31_000;
    const accepted = await read(await idp.mint(ACME, { key: next }));
    expect(accepted.body.errors).toBeUndefined();
    expect(idp.fetches).toBe(fetched + 1);

    // A flood of made-up kids: refused, and no further fetch within the cooldown…
    const forged = await Promise.all(Array.from({ length: 20 }, async (_, index) => mint(await signingKey(`forged-${index}`), ACME)));
    const answers = await Promise.all(forged.map((token) => read(token)));
    expect(answers.every((answer) => answer.body.errors?.[0]?.extensions?.code === 'UNAUTHENTICATED')).toBe(true);
    expect(idp.fetches).toBe(fetched + 1);

    // …and after it, one fetch shared by all of them.
    clock += 31_000;
    await Promise.all(forged.map((token) => read(token)));
    expect(idp.fetches).toBe(fetched + 2);
  });
});

describe('tokens while the identity provider is out of reach', () => {
  it('fails each picture field with UPSTREAM_UNAVAILABLE (the token may be fine), counts keys_unavailable and calls no provider', async () => {
    const idp = await startIdentityProvider();
    // Its JWKS address, with nobody listening there any more: the subgraph starts during the outage.
    await idp.close();
    const provider = new FakeProvider();
    const subgraph = await startSubgraph({
      env: {
        AUTH_MODE: 'jwt',
        AUTH_JWKS_URL: idp.jwksUrl,
        AUTH_JWT_ISSUER: ISSUER,
        AUTH_JWT_AUDIENCE: AUDIENCE,
        WA_SESSIONS_FILE: writeSessionsFile({
          acme: { provider: 'demo', access: { read: [{ tenant: 'acme' }], defaultFor: [{ tenant: 'acme' }] } },
        }),
      },
      sessions: () => new SessionRegistry([{ name: 'acme', identity: 'fake|acme', provider }]),
    });
    try {
      const before = await refusalCount(subgraph.url, 'keys_unavailable');
      const { status, body } = await postGraphQL(
        subgraph.url,
        { query: ENTITIES, variables: { representations: REPRESENTATIONS } },
        { authorization: `Bearer ${await idp.mint(ACME)}` },
      );
      expect(status).toBe(200);
      expect(body.errors?.map((error) => [error.path, error.extensions?.code])).toEqual([
        [['_entities', 0, 'picture'], 'UPSTREAM_UNAVAILABLE'],
        [['_entities', 1, 'picture'], 'UPSTREAM_UNAVAILABLE'],
      ]);
      expect(await refusalCount(subgraph.url, 'keys_unavailable')).toBe(before + 1);
      expect(provider.calls).toHaveLength(0);
    } finally {
      await subgraph.close();
    }
  });
});
