import type { JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { typeDefs } from '../../src/schema.js';
import { startWahaEmulator } from '../emulators/waha.js';
import { AUDIENCE, ISSUER, startIdentityProvider, type IdentityProvider } from '../support/identity-provider.js';
import { refusalCount } from '../support/metrics.js';
import { neighbourTypeDefs, startNeighbourSubgraph } from '../support/neighbour-subgraph.js';
import { writeSessionsFile } from '../support/sessions-file.js';
import { startSubgraph, type RunningSubgraph } from '../support/start-subgraph.js';
import { startGateway } from '../support/supergraph.js';
import { testJpeg } from '../support/test-images.js';

type Waha = Awaited<ReturnType<typeof startWahaEmulator>>;

// Both accounts know this person, each with its own picture of them.
const SHARED = '491700000001';
const ACME_GROUP = '120363000000000101@g.us';
const GLOBEX_GROUP = '120363000000000202@g.us';
const CHATS = [`${SHARED}@c.us`, ACME_GROUP, GLOBEX_GROUP];

const ACME_EDITOR: JWTPayload = { tenant: 'acme', roles: ['picture-editor'], scope: 'pictures:read pictures:write' };
const ACME_VIEWER: JWTPayload = { tenant: 'acme', scope: 'pictures:read' };
// The write scope without a write rule (no editor role) is still read-only.
const ACME_SCOPED_VIEWER: JWTPayload = { tenant: 'acme', roles: ['viewer'], scope: 'pictures:write' };
const GLOBEX: JWTPayload = { tenant: 'globex', scope: 'pictures:write' };
const STRANGER: JWTPayload = { tenant: 'initech', scope: 'pictures:write' };

const INBOX = '{ chats { id name picture { url status } } }';

interface Answer {
  data: { chats?: Array<{ id: string; name: string; picture: { url: string | null; status: string } | null }> } & Record<string, unknown>;
  errors?: Array<{ message: string; path?: unknown[]; extensions?: { code?: string } }>;
}

interface WritePayload {
  group: { id: string } | null;
  userErrors: Array<{ code: string; message: string; field: string[] | null }>;
}

describe('two tenants, two sessions, one subgraph behind a loopback gateway', () => {
  let idp: IdentityProvider;
  let acme: Waha;
  let globex: Waha;
  let neighbour: Awaited<ReturnType<typeof startNeighbourSubgraph>>;
  let subgraph: RunningSubgraph;
  let gateway: Awaited<ReturnType<typeof startGateway>>;
  let image: string;

  beforeAll(async () => {
    idp = await startIdentityProvider();
    [acme, globex] = await Promise.all([startWahaEmulator({ edition: 'plus' }), startWahaEmulator({ edition: 'plus' })]);
    acme.world.set(SHARED, { kind: 'picture', pictureId: '1001' });
    globex.world.set(SHARED, { kind: 'picture', pictureId: '2002' });
    const session = (waha: Waha) => ({ provider: 'waha', baseUrl: waha.emulator.url, session: 'default', apiKey: waha.apiKey });
    neighbour = await startNeighbourSubgraph({ chats: CHATS, contacts: [`${SHARED}@c.us`], groups: [GLOBEX_GROUP] });
    subgraph = await startSubgraph({
      env: {
        AUTH_MODE: 'jwt',
        AUTH_JWKS_URL: idp.jwksUrl,
        AUTH_JWT_ISSUER: ISSUER,
        AUTH_JWT_AUDIENCE: AUDIENCE,
        GROUP_PICTURE_MIN_INTERVAL_SECONDS: '0',
        WA_SESSIONS_FILE: writeSessionsFile({
          acme: {
            ...session(acme),
            access: {
              read: [{ tenant: 'acme' }],
              write: [{ tenant: 'acme', roles: ['picture-editor', 'admin'] }],
              defaultFor: [{ tenant: 'acme' }],
            },
          },
          globex: {
            ...session(globex),
            access: { read: [{ tenant: 'globex' }], write: [{ tenant: 'globex' }], defaultFor: [{ tenant: 'globex' }] },
          },
        }),
      },
    });
    gateway = await startGateway([
      { name: 'messaging', url: neighbour.url, typeDefs: neighbourTypeDefs },
      { name: 'pictures', url: `${subgraph.url}/graphql`, typeDefs },
    ]);
    image = (await testJpeg('#0B5394')).toString('base64');
  });

  afterAll(async () => {
    await gateway?.close();
    await subgraph?.close();
    await neighbour?.close();
    await Promise.all([acme?.emulator.close(), globex?.emulator.close(), idp?.close()]);
  });

  async function ask(
    claims: JWTPayload,
    query: string,
    options: { session?: string; variables?: Record<string, unknown> } = {},
  ): Promise<Answer> {
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await idp.mint(claims, { subject: `${String(claims.tenant)}-user` })}`,
        ...(options.session === undefined ? {} : { 'x-wa-session': options.session }),
      },
      body: JSON.stringify({ query, variables: options.variables }),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as Answer;
  }

  const setPicture = (claims: JWTPayload, group: string, session?: string) =>
    ask(
      claims,
      'mutation ($g: ID!, $i: ImageInput!) { setGroupPicture(groupId: $g, image: $i) { group { id } userErrors { code message field } } }',
      {
        variables: { g: group, i: { base64: image } },
        ...(session === undefined ? {} : { session }),
      },
    ).then((answer) => answer.data.setGroupPicture as WritePayload);
  const deletePicture = (claims: JWTPayload, group: string, session?: string) =>
    ask(claims, 'mutation ($g: ID!) { deleteGroupPicture(groupId: $g) { group { id } userErrors { code message field } } }', {
      variables: { g: group },
      ...(session === undefined ? {} : { session }),
    }).then((answer) => answer.data.deleteGroupPicture as WritePayload);

  const calls = (waha: Waha) => waha.emulator.requests.length;
  const writes = (waha: Waha) => waha.emulator.requests.filter((request) => request.method === 'PUT' || request.method === 'DELETE').length;
  const pictureCodes = (answer: Answer) => answer.errors?.map((error) => [error.path, error.extensions?.code]);

  it("serves tenant A its own session's pictures by default, without x-wa-session, and never calls B's provider", async () => {
    const answer = await ask(ACME_VIEWER, INBOX);
    expect(answer.errors).toBeUndefined();
    expect(answer.data.chats?.map((chat) => chat.picture?.status)).toEqual(['AVAILABLE', 'AVAILABLE', 'AVAILABLE']);
    expect(answer.data.chats?.[0]?.picture?.url).toContain('/1001_n.jpg');
    expect(calls(acme)).toBeGreaterThan(0);
    expect(calls(globex)).toBe(0);
  });

  it("serves tenant B its own picture of the same person, never A's cached one", async () => {
    const acmeCalls = calls(acme);
    const answer = await ask(GLOBEX, INBOX);
    expect(answer.data.chats?.[0]?.picture?.url).toContain('/2002_n.jpg');
    expect(calls(acme)).toBe(acmeCalls);
    // Asked again, each tenant gets its own entry from the cache.
    expect((await ask(ACME_VIEWER, INBOX)).data.chats?.[0]?.picture?.url).toContain('/1001_n.jpg');
    expect((await ask(GLOBEX, INBOX)).data.chats?.[0]?.picture?.url).toContain('/2002_n.jpg');
  });

  it("refuses A's request for B's session with FORBIDDEN on each picture, exactly as for a session that does not exist", async () => {
    const globexCalls = calls(globex);
    const forbidden = await ask(ACME_EDITOR, INBOX, { session: 'globex' });
    const unknown = await ask(ACME_EDITOR, INBOX, { session: 'no-such-session' });

    for (const answer of [forbidden, unknown]) {
      // The neighbour's data stands; only the pictures fail.
      expect(answer.data.chats?.map((chat) => [chat.id, chat.name, chat.picture])).toEqual(
        CHATS.map((id, index) => [id, `Chat ${index}`, null]),
      );
      expect(pictureCodes(answer)).toEqual(CHATS.map((_, index) => [['chats', index, 'picture'], 'FORBIDDEN']));
    }
    // Nothing tells the two apart.
    expect(forbidden.errors?.map((error) => error.message)).toEqual(unknown.errors?.map((error) => error.message));
    expect(forbidden.errors?.[0]?.message).toBe('This WhatsApp session is not available to you');
    expect(calls(globex)).toBe(globexCalls);
  });

  it("answers A's questions about B's contacts and groups from A's own session only", async () => {
    const globexCalls = calls(globex);
    const answer = await ask(ACME_VIEWER, '{ contacts { id picture { url } } groups { id picture { status } } }');
    expect(answer.errors).toBeUndefined();
    // What A's own account sees of them: its own picture of the person, its own view of B's group.
    expect((answer.data.contacts as Array<{ picture: { url: string } }>)[0]?.picture.url).toContain('/1001_n.jpg');
    expect(answer.data.groups).toEqual([{ id: GLOBEX_GROUP, picture: { status: 'AVAILABLE' } }]);
    expect(acme.emulator.requests.some((request) => request.path.includes(GLOBEX_GROUP))).toBe(true);
    expect(calls(globex)).toBe(globexCalls);
  });

  it('never joins two sessions in one provider call: the same JID at once on both sessions is two calls, each answered to its own tenant', async () => {
    const fresh = '491700000002';
    acme.world.set(fresh, { kind: 'picture', pictureId: '1003' });
    globex.world.set(fresh, { kind: 'picture', pictureId: '2004' });
    // Both calls are in flight together: without the session in the flight key the second would join the first.
    const slow = { kind: 'latency', ms: 300 } as const;
    const isFresh = (request: { query: Record<string, string> }) => request.query.contactId === `${fresh}@c.us`;
    acme.emulator.inject(slow, { when: isFresh, times: 1 });
    globex.emulator.inject(slow, { when: isFresh, times: 1 });
    const query = 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Contact { picture { url } } } }';
    const variables = { r: [{ __typename: 'Contact', id: `${fresh}@c.us` }] };
    const direct = async (claims: JWTPayload) =>
      (await (
        await fetch(`${subgraph.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${await idp.mint(claims)}` },
          body: JSON.stringify({ query, variables }),
        })
      ).json()) as { data: { _entities: Array<{ picture: { url: string } }> } };

    const [forAcme, forGlobex] = await Promise.all([direct(ACME_VIEWER), direct(GLOBEX)]);
    expect(forAcme.data._entities[0]?.picture.url).toContain('/1003_n.jpg');
    expect(forGlobex.data._entities[0]?.picture.url).toContain('/2004_n.jpg');
    expect(acme.emulator.requests.filter(isFresh)).toHaveLength(1);
    expect(globex.emulator.requests.filter(isFresh)).toHaveLength(1);
  });

  it("lets A's editor change and remove its own group's picture, audited with who, where and what", async () => {
    expect(await setPicture(ACME_EDITOR, ACME_GROUP)).toEqual({ group: { id: ACME_GROUP }, userErrors: [] });
    expect(await deletePicture(ACME_EDITOR, ACME_GROUP)).toEqual({ group: { id: ACME_GROUP }, userErrors: [] });
    expect(writes(acme)).toBe(2);
    expect(writes(globex)).toBe(0);

    const audit = subgraph.logger.lines
      .filter((line) => line.includes('audit: group picture write'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(audit.slice(-2)).toEqual([
      expect.objectContaining({
        level: 'info',
        subject: 'acme-user',
        tenant: 'acme',
        session: 'acme',
        operation: 'set',
        groupId: ACME_GROUP,
        outcome: 'CHANGED',
      }),
      expect.objectContaining({
        level: 'info',
        subject: 'acme-user',
        tenant: 'acme',
        session: 'acme',
        operation: 'delete',
        groupId: ACME_GROUP,
        outcome: 'CHANGED',
      }),
    ]);
    // Never the image, never a token.
    const everything = subgraph.logger.lines.join('\n');
    expect(everything).not.toContain(image.slice(0, 64));
    expect(everything).not.toMatch(/eyJ[\w-]+\.eyJ/);
  });

  it("refuses A's editor on B's session with NOT_AUTHORIZED, exactly as for an unknown session, with no write anywhere", async () => {
    const before = await refusalCount(subgraph.url, 'session_not_readable');
    const onGlobex = await setPicture(ACME_EDITOR, GLOBEX_GROUP, 'globex');
    const onUnknown = await setPicture(ACME_EDITOR, GLOBEX_GROUP, 'no-such-session');
    const refusal = {
      group: null,
      userErrors: [{ code: 'NOT_AUTHORIZED', message: 'You may not change pictures in this WhatsApp session', field: null }],
    };
    expect(onGlobex).toEqual(refusal);
    expect(onUnknown).toEqual(refusal);
    expect(await deletePicture(ACME_EDITOR, GLOBEX_GROUP, 'globex')).toEqual(refusal);
    expect(writes(globex)).toBe(0);
    expect(writes(acme)).toBe(2);
    expect(await refusalCount(subgraph.url, 'session_not_readable')).toBe(before + 2);
    expect(subgraph.logger.lines.at(-1)).toContain('"outcome":"NOT_AUTHORIZED"');
  });

  it.each([
    ['without the write scope', ACME_VIEWER],
    ['with the scope but no write rule', ACME_SCOPED_VIEWER],
  ])('keeps a read-only principal (%s) from setting or deleting, while it still reads', async (_, claims) => {
    const refusal = {
      group: null,
      userErrors: [{ code: 'NOT_AUTHORIZED', message: 'You may not change pictures in this WhatsApp session', field: null }],
    };
    expect(await setPicture(claims, ACME_GROUP)).toEqual(refusal);
    expect(await deletePicture(claims, ACME_GROUP)).toEqual(refusal);
    expect(writes(acme)).toBe(2);
    expect((await ask(claims, INBOX)).errors).toBeUndefined();
  });

  it('answers a caller without a default session FORBIDDEN when it sends no x-wa-session, and counts it once per request', async () => {
    const before = await refusalCount(subgraph.url, 'no_default_session');
    const acmeCalls = calls(acme);
    const answer = await ask(STRANGER, INBOX);
    expect(pictureCodes(answer)).toEqual(CHATS.map((_, index) => [['chats', index, 'picture'], 'FORBIDDEN']));
    expect(answer.errors?.[0]?.message).toBe('No WhatsApp session is set as your default: send x-wa-session');
    expect(await refusalCount(subgraph.url, 'no_default_session')).toBe(before + 1);
    expect(pictureCodes(await ask(STRANGER, INBOX, { session: 'acme' }))).toEqual(
      CHATS.map((_, index) => [['chats', index, 'picture'], 'FORBIDDEN']),
    );
    expect(calls(acme)).toBe(acmeCalls);

    const refused = subgraph.logger.lines.filter((line) => line.includes('audit: picture access refused')).slice(-2);
    expect(refused.map((line) => JSON.parse(line) as Record<string, unknown>)).toEqual([
      expect.objectContaining({
        level: 'warn',
        subject: 'initech-user',
        tenant: 'initech',
        session: null,
        outcome: 'refused',
        reason: 'no_default_session',
      }),
      expect.objectContaining({
        level: 'warn',
        subject: 'initech-user',
        tenant: 'initech',
        session: 'acme',
        outcome: 'refused',
        reason: 'session_not_readable',
      }),
    ]);
  });
});
