import { connect } from 'node:net';
import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_DELETE_GROUP_PICTURE, EXAMPLE_SET_GROUP_PICTURE } from '../../src/playground/example-mutations.js';
import { EXAMPLE_QUERY } from '../../src/playground/example-query.js';
import { SessionRegistry } from '../../src/sessions.js';
import { FakeProvider } from '../support/fake-provider.js';
import { metricSum } from '../support/metrics.js';
import { postGraphQL, startSubgraph, type RunningSubgraph } from '../support/start-subgraph.js';

const range = (count: number) => Array.from({ length: count }, (_, index) => index);
const aliases = (count: number, field: string) =>
  `{ ${range(count)
    .map((index) => `a${index}: ${field}`)
    .join(' ')} }`;
const fragmentChain = (length: number) =>
  `query { ...F0 } ${range(length)
    .map((index) => `fragment F${index} on Query { ${index === length - 1 ? '__typename' : `...F${index + 1}`} }`)
    .join(' ')}`;
const chat = (index: number) => `{ __typename: "Chat", id: "1555${String(index).padStart(8, '0')}@c.us" }`;

/** Documents an attacker sends, each with the limit that stops it. */
const ABUSIVE: ReadonlyArray<readonly [string, { query: string; variables?: Record<string, unknown> }, RegExp]> = [
  ['40,000 aliases of _service { sdl } (829 KB)', { query: aliases(40_000, '_service { sdl }') }, /65536 UTF-16 code units/],
  ['40,000 aliases of __typename', { query: aliases(40_000, '__typename') }, /65536 UTF-16 code units/],
  [
    '2,000 aliases: within the document length, past the tokens',
    {
      query: `{ ${range(2_000)
        .fill(0)
        .map(() => 'x: __typename')
        .join(' ')} }`,
    },
    /5000 tokens/,
  ],
  ['31 aliases of _service { sdl }', { query: aliases(31, '_service { sdl }') }, /31 aliases.*GRAPHQL_MAX_ALIASES/],
  [
    'a deep introspection query',
    { query: '{ __schema { types { fields { type { fields { type { fields { type { name } } } } } } } } }' },
    /introspection depth/,
  ],
  [
    'an ofType chain past the depth limit',
    { query: `{ __schema { types { ${'ofType { '.repeat(20)} name ${'} '.repeat(20)} } } }` },
    /23 fields deep.*GRAPHQL_MAX_DEPTH/,
  ],
  ['a 10,000-fragment chain', { query: fragmentChain(10_000) }, /UTF-16 code units/],
  [
    'a 500-fragment chain within the document length',
    { query: fragmentChain(500) },
    /nests fragments more than 10 deep.*GRAPHQL_MAX_FRAGMENT_DEPTH/,
  ],
  [
    'fragments that double at every level (2^40 aliases)',
    {
      query: `query { ...F0 } ${range(40)
        .map((index) => `fragment F${index} on Query { a${index}: __typename ${index < 39 ? `...F${index + 1} ...F${index + 1}` : ''} }`)
        .join(' ')}`,
    },
    /aliases/,
  ],
  [
    'aliased _entities with literal representations past MAX_REPRESENTATIONS',
    {
      query: `{ ${range(4)
        .map((alias) => `e${alias}: _entities(representations: [${range(3).map(chat).join(', ')}]) { __typename }`)
        .join(' ')} }`,
    },
    /Too many entity representations: 12, the limit is 10/,
  ],
  [
    'representations hidden in a variable default',
    { query: `query ($r: [_Any!]! = [${range(200).map(chat).join(', ')}]) { _entities(representations: $r) { __typename } }` },
    /Too many entity representations: 200/,
  ],
  [
    'representations as a list of variables',
    {
      query: `query (${range(11)
        .map((index) => `$r${index}: _Any!`)
        .join(', ')}) { _entities(representations: [${range(11)
        .map((index) => `$r${index}`)
        .join(', ')}]) { __typename } }`,
      variables: Object.fromEntries(range(11).map((index) => [`r${index}`, { __typename: 'Chat', id: `${index}@c.us` }])),
    },
    /Too many entity representations: 11/,
  ],
];

describe('abusive documents', () => {
  let subgraph: RunningSubgraph;
  const provider = new FakeProvider();

  beforeAll(async () => {
    subgraph = await startSubgraph({
      env: { MAX_REPRESENTATIONS: '10' },
      sessions: () => new SessionRegistry([{ name: 'default', identity: 'fake|default', provider }]),
    });
  });
  afterAll(() => subgraph.close());

  it.each(ABUSIVE)('refuses %s with a 400 in milliseconds, before any provider call', async (_, body, message) => {
    const started = performance.now();
    const { status, body: answer } = await postGraphQL(subgraph.url, body);
    const elapsedMs = performance.now() - started;
    expect(status).toBe(400);
    expect(answer.data).toBeUndefined();
    expect(answer.errors?.map((error) => error.message).join(' ')).toMatch(message);
    // Generous for a loaded CI machine; these take a few tens of milliseconds here.
    expect(elapsedMs).toBeLessThan(2_000);
    expect(provider.calls).toEqual([]);
  });

  it('refuses a body past the limit (about 7 MB with the default IMAGE_MAX_BYTES) with 413', async () => {
    const representations = range(250_000).map((index) => ({ __typename: 'Chat', id: `${index}@c.us` }));
    const response = await fetch(`${subgraph.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }', variables: { representations } }),
    });
    expect(response.status).toBe(413);
    expect(provider.calls).toEqual([]);
  });

  it('refuses a chunked body (no length given) once it passes the limit: 413, and the connection closes', async () => {
    const { port } = new URL(subgraph.url);
    const answer = await new Promise<string>((resolve) => {
      let text = '';
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write('POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n');
        const chunk = ' '.repeat(64 * 1024);
        // 8 MiB in all, past the default limit of about 7 MB, then the last chunk.
        for (let sent = 0; sent < 128; sent += 1) {
          socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
        }
        socket.write('0\r\n\r\n');
      });
      socket.setEncoding('latin1');
      socket.on('data', (data: string) => {
        text += data;
      });
      socket.on('error', () => {});
      // The server closes the connection after its answer; a test timeout otherwise.
      socket.on('close', () => resolve(text));
    });
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer.toLowerCase()).toContain('connection: close');
    expect(provider.calls).toEqual([]);
  });

  it('keeps memory flat under four of each at once, and never logs an error', async () => {
    const before = process.memoryUsage().rss;
    for (let round = 0; round < 3; round += 1) {
      const statuses = await Promise.all(
        ABUSIVE.flatMap(([, body]) => range(4).map(async () => (await postGraphQL(subgraph.url, body)).status)),
      );
      expect(new Set(statuses)).toEqual(new Set([400]));
    }
    // Today's build went past 1.3 GB for one of the first document alone.
    expect((process.memoryUsage().rss - before) / 2 ** 20).toBeLessThan(256);
    expect(subgraph.logger.lines.filter((line) => line.includes('"level":"error"'))).toEqual([]);
    expect(provider.calls).toEqual([]);
  });
});

describe('what real routers and people send', () => {
  let subgraph: RunningSubgraph;
  beforeAll(async () => {
    subgraph = await startSubgraph();
  });
  afterAll(() => subgraph.close());

  const accepted: ReadonlyArray<readonly [string, { query: string; variables?: Record<string, unknown> }]> = [
    ['a router composing the supergraph', { query: 'query SubgraphIntrospectQuery { _service { sdl } }' }],
    [
      "GraphiQL's full introspection query",
      {
        query: getIntrospectionQuery({
          descriptions: true,
          specifiedByUrl: true,
          directiveIsRepeatable: true,
          schemaDescription: true,
          inputValueDeprecation: true,
          oneOf: true,
        }),
      },
    ],
    [
      'a router fetching 1,000 entities with aliases, fragments and @include',
      {
        query: `query Inbox__pictures__1($representations: [_Any!]!, $withPreview: Boolean!) {
          _entities(representations: $representations) {
            __typename
            ...ChatPictures
            ... on Contact { id picture(preview: true) { ...Shown } }
            ... on Group { id picture { ...Shown } }
          }
        }
        fragment Shown on ProfilePicture { id version url status preview expiresAt fetchedAt }
        fragment ChatPictures on Chat { id full: picture { ...Shown } small: picture(preview: true) @include(if: $withPreview) { ...Shown } }`,
        variables: {
          withPreview: true,
          representations: range(1_000).map((index) => ({ __typename: 'Chat', id: `1555${String(index).padStart(8, '0')}@c.us` })),
        },
      },
    ],
    ["the playground's example query", { query: EXAMPLE_QUERY }],
    ["the playground's example setGroupPicture", { query: EXAMPLE_SET_GROUP_PICTURE }],
    ["the playground's example deleteGroupPicture", { query: EXAMPLE_DELETE_GROUP_PICTURE }],
  ];

  it.each(accepted)('lets %s through', async (_, body) => {
    const { status, body: answer } = await postGraphQL(subgraph.url, body);
    expect(answer.errors?.filter((error) => /GRAPHQL_|BAD_REQUEST/.test(error.extensions?.code ?? ''))).toBeUndefined();
    expect(status).toBe(200);
  });
});

describe('RESPONSE_MAX_BYTES', () => {
  it('refuses an answer past it with a 400 instead of sending it', async () => {
    const subgraph = await startSubgraph({ env: { RESPONSE_MAX_BYTES: String(64 * 1024) } });
    try {
      const response = await fetch(`${subgraph.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: aliases(20, '_service { sdl }') }),
      });
      const body = (await response.json()) as { errors?: Array<{ message: string }> };
      expect(response.status).toBe(400);
      expect(body.errors?.[0]?.message).toContain('RESPONSE_MAX_BYTES');
      // Refused like any other error: never kept, and counted under its own limit.
      expect(response.headers.get('cache-control')).toBe('private, no-store');
      expect(await metricSum(subgraph.url, 'graphql_limit_refusals_total', { limit: 'response_size' })).toBe(1);
      const small = await postGraphQL(subgraph.url, { query: aliases(2, '_service { sdl }') });
      expect(small.status).toBe(200);
    } finally {
      await subgraph.close();
    }
  });
});
