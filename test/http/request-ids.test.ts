import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionRegistry } from '../../src/sessions.js';
import { FakeProvider } from '../support/fake-provider.js';
import { postGraphQL, startSubgraph, type RunningSubgraph } from '../support/start-subgraph.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const PICTURE = {
  query: 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Chat { picture { status } } } }',
  variables: { r: [{ __typename: 'Chat', id: '15550000001@c.us' }] },
};

function linesOf(subgraph: RunningSubgraph, from: number): Array<Record<string, unknown>> {
  return subgraph.logger.lines.slice(from).map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('x-request-id', () => {
  let subgraph: RunningSubgraph;
  const provider = new FakeProvider();
  beforeAll(async () => {
    subgraph = await startSubgraph({ sessions: () => new SessionRegistry([{ name: 'default', identity: 'fake|default', provider }]) });
  });
  afterAll(() => subgraph.close());

  it("echoes the caller's sane id on every response: GraphQL, health, metrics, not found, too large", async () => {
    const id = 'router-7f3a9c.1:2';
    const responses = await Promise.all([
      fetch(`${subgraph.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': id },
        body: JSON.stringify(PICTURE),
      }),
      fetch(`${subgraph.url}/health`, { headers: { 'x-request-id': id } }),
      fetch(`${subgraph.url}/metrics`, { headers: { 'x-request-id': id } }),
      fetch(`${subgraph.url}/nowhere`, { headers: { 'x-request-id': id } }),
      fetch(`${subgraph.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': id },
        body: 'x'.repeat(8 * 2 ** 20),
      }),
    ]);
    expect(responses.map((response) => [response.status, response.headers.get('x-request-id')])).toEqual([
      [200, id],
      [200, id],
      [200, id],
      [404, id],
      [413, id],
    ]);
  });

  it('generates a fresh id when the caller sent none, or one that could break a log line or a header', async () => {
    const given = [undefined, 'has space', 'quote"d', 'x'.repeat(129), ''];
    const ids = await Promise.all(
      given.map(async (id) =>
        (await fetch(`${subgraph.url}/health`, id === undefined ? {} : { headers: { 'x-request-id': id } })).headers.get('x-request-id'),
      ),
    );
    expect(ids.every((id) => UUID.test(id ?? ''))).toBe(true);
    expect(new Set(ids).size).toBe(given.length);
  });

  it('puts the id on every line written for the request, and logs a bug once', async () => {
    provider.answer = () => {
      throw new Error('a bug in a provider adapter');
    };
    const from = subgraph.logger.lines.length;
    const uncached = { ...PICTURE, variables: { r: [{ __typename: 'Chat', id: '15550000002@c.us' }] } };
    const { body } = await postGraphQL(subgraph.url, uncached, { 'x-request-id': 'trace-me' });
    expect(body.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    const lines = linesOf(subgraph, from);
    // The gate logs the failed call once, with its provider and session; the GraphQL layer the error it became.
    expect(lines.map((line) => line.message)).toEqual(['provider call failed unexpectedly', 'unexpected error while serving a request']);
    expect(lines[0]).toMatchObject({ provider: 'fake', session: 'default', operation: 'fetch_picture' });
    expect(lines.map((line) => line.requestId)).toEqual(['trace-me', 'trace-me']);
  });
});

describe('x-request-id in the audit trail', () => {
  it('is on the refusal audit line of a request without a token', async () => {
    const subgraph = await startSubgraph({
      env: {
        AUTH_MODE: 'jwt',
        AUTH_JWT_SECRET: 'a-test-secret-that-is-long-enough-for-hs256',
        AUTH_JWT_ISSUER: 'https://id.example',
        AUTH_JWT_AUDIENCE: 'pictures',
      },
    });
    try {
      const from = subgraph.logger.lines.length;
      const { body } = await postGraphQL(subgraph.url, PICTURE, { 'x-request-id': 'audit-me' });
      expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(linesOf(subgraph, from)).toContainEqual(
        expect.objectContaining({ message: 'audit: picture access refused', reason: 'missing_token', requestId: 'audit-me' }),
      );
    } finally {
      await subgraph.close();
    }
  });
});
