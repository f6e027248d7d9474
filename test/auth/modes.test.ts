import type { JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIENCE, ISSUER, mint } from '../support/identity-provider.js';
import { writeSessionsFile } from '../support/sessions-file.js';
import { postGraphQL, startSubgraph, type RunningSubgraph } from '../support/start-subgraph.js';

const SECRET = 'a-shared-secret-of-at-least-32-bytes!!';
const GROUP = '120363000000000301@g.us';
const PICTURES = `#graphql
  query ($r: [_Any!]!) { _entities(representations: $r) { ... on Group { id picture { status } } } }
`;
const DELETE = `mutation { deleteGroupPicture(groupId: "${GROUP}") { group { id } userErrors { code } } }`;

describe('the token in a header the router sets, a shared secret, and the one session of the WA_* variables', () => {
  let subgraph: RunningSubgraph;
  const secret = new TextEncoder().encode(SECRET);
  const token = (claims: JWTPayload) => mint({ alg: 'HS256', secret }, claims);

  beforeAll(async () => {
    subgraph = await startSubgraph({
      env: {
        AUTH_MODE: 'jwt',
        AUTH_JWT_SECRET: SECRET,
        AUTH_JWT_ISSUER: ISSUER,
        AUTH_JWT_AUDIENCE: AUDIENCE,
        AUTH_TOKEN_HEADER: 'X-Forwarded-JWT',
      },
    });
  });
  afterAll(() => subgraph?.close());

  const pictures = (headers: Record<string, string>) =>
    postGraphQL(subgraph.url, { query: PICTURES, variables: { r: [{ __typename: 'Group', id: GROUP }] } }, headers);

  it('lets any verified caller read the default session, with the raw token in that header', async () => {
    const { body } = await pictures({ 'x-forwarded-jwt': await token({}) });
    expect(body.errors).toBeUndefined();
    expect(body.data?._entities).toEqual([{ id: GROUP, picture: { status: 'AVAILABLE' } }]);
    expect((await pictures({ 'x-forwarded-jwt': await token({}), 'x-wa-session': 'default' })).body.errors).toBeUndefined();
  });

  it('tells HTTP caches that answers vary with that header too', async () => {
    const response = await fetch(`${subgraph.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-jwt': await token({}) },
      body: JSON.stringify({ query: PICTURES, variables: { r: [{ __typename: 'Group', id: GROUP }] } }),
    });
    expect(response.headers.get('vary')).toBe('x-wa-session, authorization, x-forwarded-jwt');
  });

  it('reads the token from that header only', async () => {
    const { body } = await pictures({ authorization: `Bearer ${await token({})}` });
    expect(body.errors?.map((error) => [error.extensions?.code, error.message])).toEqual([
      ['UNAUTHENTICATED', 'This field needs a token in x-forwarded-jwt'],
    ]);
  });

  it('answers any other session name FORBIDDEN', async () => {
    const { body } = await pictures({ 'x-forwarded-jwt': await token({}), 'x-wa-session': 'sales' });
    expect(body.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
  });

  it('writes only with the pictures:write scope', async () => {
    const refused = await postGraphQL(subgraph.url, { query: DELETE }, { 'x-forwarded-jwt': await token({ scope: 'pictures:read' }) });
    expect(refused.body.data?.deleteGroupPicture).toEqual({ group: null, userErrors: [{ code: 'NOT_AUTHORIZED' }] });
    const written = await postGraphQL(subgraph.url, { query: DELETE }, { 'x-forwarded-jwt': await token({ scope: 'pictures:write' }) });
    expect(written.body.data?.deleteGroupPicture).toEqual({ group: { id: GROUP }, userErrors: [] });
    expect((await pictures({ 'x-forwarded-jwt': await token({}) })).body.data?._entities).toEqual([
      { id: GROUP, picture: { status: 'NOT_SET' } },
    ]);
  });
});

describe('the start-up warnings about the sessions file', () => {
  const FILE = {
    open: { provider: 'demo', access: { read: [{ tenant: 'acme' }] } },
    closed: { provider: 'demo' },
  };

  it('under AUTH_MODE=jwt names each session without access rules: nobody may use it', async () => {
    const subgraph = await startSubgraph({
      env: {
        AUTH_MODE: 'jwt',
        AUTH_JWT_SECRET: SECRET,
        AUTH_JWT_ISSUER: ISSUER,
        AUTH_JWT_AUDIENCE: AUDIENCE,
        WA_SESSIONS_FILE: writeSessionsFile(FILE),
      },
    });
    await subgraph.close();
    const warnings = subgraph.logger.lines.filter((line) => line.includes('nobody may use it'));
    expect(warnings.map((line) => (JSON.parse(line) as { session: string }).session)).toEqual(['closed']);
  });

  it('under AUTH_MODE=none says that the access rules are ignored, and every caller may use every session', async () => {
    const subgraph = await startSubgraph({ env: { WA_SESSIONS_FILE: writeSessionsFile(FILE) } });
    try {
      expect(subgraph.logger.lines.filter((line) => line.includes('access rules are ignored'))).toHaveLength(1);
      const { body } = await postGraphQL(
        subgraph.url,
        { query: PICTURES, variables: { r: [{ __typename: 'Group', id: GROUP }] } },
        { 'x-wa-session': 'closed' },
      );
      expect(body.errors).toBeUndefined();
      const written = await postGraphQL(subgraph.url, { query: DELETE }, { 'x-wa-session': 'closed' });
      expect(written.body.data?.deleteGroupPicture).toEqual({ group: { id: GROUP }, userErrors: [] });
      // Writes are audited in every mode; without authentication there is no subject.
      const audit = subgraph.logger.lines.filter((line) => line.includes('audit: group picture write'));
      expect(audit.map((line) => JSON.parse(line) as Record<string, unknown>)).toEqual([
        expect.objectContaining({
          subject: null,
          tenant: null,
          session: 'closed',
          operation: 'delete',
          groupId: GROUP,
          outcome: 'CHANGED',
        }),
      ]);
      // An unknown session is still UNKNOWN_SESSION here, as it always was without authentication.
      const unknown = await postGraphQL(subgraph.url, { query: DELETE }, { 'x-wa-session': 'nope' });
      expect(unknown.body.errors?.map((error) => error.extensions?.code)).toEqual(['UNKNOWN_SESSION']);
    } finally {
      await subgraph.close();
    }
  });
});
