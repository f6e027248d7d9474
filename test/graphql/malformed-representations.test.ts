import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionRegistry } from '../../src/sessions.js';
import { FakeProvider } from '../support/fake-provider.js';
import { postGraphQL, startSubgraph, type RunningSubgraph } from '../support/start-subgraph.js';

const QUERY = `#graphql
  query ($representations: [_Any!]!) {
    _entities(representations: $representations) { __typename ... on Chat { id picture { status } } }
  }`;

describe('malformed representations', () => {
  let subgraph: RunningSubgraph;
  const provider = new FakeProvider();
  beforeAll(async () => {
    subgraph = await startSubgraph({ sessions: () => new SessionRegistry([{ name: 'default', identity: 'fake|default', provider }]) });
  });
  afterAll(() => subgraph.close());

  it('fail their own entity with BAD_USER_INPUT, the others stand, and the request logs one line', async () => {
    const representations = [
      { __typename: 'Chat', id: 15550000001 },
      { __typename: 'Chat' },
      { __typename: 'Nope', id: '15550000001@c.us' },
      7,
      { __typename: 'Chat', id: '15550000002@c.us' },
      'Chat',
    ];
    const before = subgraph.logger.lines.length;
    const { status, body } = await postGraphQL(
      subgraph.url,
      { query: QUERY, variables: { representations } },
      { 'x-request-id': 'malformed-1' },
    );
    expect(status).toBe(200);
    expect(body.errors?.map((error) => [error.path, error.extensions?.code])).toEqual(
      [0, 1, 2, 3, 5].map((index) => [['_entities', index], 'BAD_USER_INPUT']),
    );
    const entities = body.data?._entities as Array<unknown>;
    expect(entities.map((entity) => entity === null)).toEqual([true, true, true, true, false, true]);
    expect(entities[4]).toMatchObject({ __typename: 'Chat', id: '15550000002@c.us', picture: { status: 'AVAILABLE' } });
    expect(provider.calls).toHaveLength(1);

    const lines = subgraph.logger.lines.slice(before).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toEqual([
      expect.objectContaining({ level: 'warn', message: 'malformed entity representations', count: 5, requestId: 'malformed-1' }),
    ]);
  });
});
