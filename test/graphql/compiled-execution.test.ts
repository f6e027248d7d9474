import { ApolloServer, HeaderMap, type ApolloServerPlugin, type GraphQLResponse } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { GraphQLError } from 'graphql';
import { compileQuery } from 'graphql-jit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../../src/context.js';
import { AppError } from '../../src/errors.js';
import { cacheControlPlugin } from '../../src/graphql/cache-control/cache-control-plugin.js';
import { ResponseCachePolicy } from '../../src/graphql/cache-control/response-cache-policy.js';
import { compiledExecution, type CompiledExecution } from '../../src/graphql/compiled-execution.js';
import { createFormatError } from '../../src/graphql/format-error.js';
import { representationLimitPlugin } from '../../src/graphql/representation-limit.js';
import { entityTypeNames } from '../../src/graphql/representations.js';
import { HostedLinks } from '../../src/hosting/hosted-links.js';
import { UrlKeys } from '../../src/hosting/url-keys.js';
import { GroupPictureWriter } from '../../src/pictures/group-picture-writer.js';
import { GroupPictures } from '../../src/pictures/group-pictures.js';
import { PictureLoader } from '../../src/pictures/picture-loader.js';
import { PictureService } from '../../src/pictures/picture-service.js';
import { ProviderGate } from '../../src/resilience/provider-gate.js';
import { buildSchema } from '../../src/schema.js';
import { CountingCache } from '../support/counting-cache.js';
import { FakeImages } from '../support/fake-images.js';
import { FakeProvider } from '../support/fake-provider.js';
import { openAccess } from '../support/open-access.js';
import { capturingLogger } from '../support/silent-logger.js';

const MAX_REPRESENTATIONS = 5;
// 2030-01-01T00:00:00Z in the CDN's hex seconds, and a fixed clock: both servers answer the same bytes.
const OE = Math.floor(Date.UTC(2030, 0, 1) / 1000).toString(16);
const NOW = Date.UTC(2029, 11, 31, 12);

/** A fresh pipeline per request, scripted the same way every time, so two servers can be compared byte for byte. */
function context(now: () => number = () => NOW): Context {
  const logger = capturingLogger();
  const provider = new FakeProvider({ preview: true });
  provider.answer = (jid) => {
    if (jid.user.endsWith('3')) {
      throw new AppError('UPSTREAM_UNAVAILABLE', 'The WhatsApp provider is unavailable');
    }
    if (jid.user.endsWith('4')) {
      throw new Error('secret upstream body: token=abc123');
    }
    if (jid.user.endsWith('2')) {
      return { status: 'HIDDEN', url: null, id: null, preview: false };
    }
    return { status: 'AVAILABLE', url: `https://pps.whatsapp.net/v/t61/${jid.user}_n.jpg?oe=${OE}`, id: null, preview: false };
  };
  provider.setAnswer = () => ({ pictureId: 'fake-new' });
  const cache = new CountingCache(now);
  const gate = new ProviderGate({ concurrency: 16, timeoutMs: 1_000 });
  const service = new PictureService({
    cache,
    ttl: { maxTtlMs: 86_400_000, negativeTtlMs: 900_000, expiryMarginMs: 300_000, staleMs: 3_600_000 },
    gate,
    refreshMinIntervalMs: 0,
    logger,
    now,
  });
  const access = openAccess({ name: 'default', identity: 'fake|default', provider }, logger);
  const cachePolicy = new ResponseCachePolicy();
  const pictures = new PictureLoader(service, () => access.readSession(), 100, cachePolicy);
  const writer = new GroupPictureWriter({
    pictures: service,
    gate,
    cache,
    images: new FakeImages(),
    minIntervalMs: 0,
    writeLeaseMs: 10_000,
    logger,
    now,
  });
  const links = new HostedLinks({
    publicUrl: () => 'http://pictures.test',
    keys: new UrlKeys(['a-test-secret-of-at-least-32-chars!']),
    hosting: null,
  });
  return { pictures, groupPictures: new GroupPictures(writer, access, pictures), cachePolicy, links };
}

const logger = capturingLogger();

/** What both servers run besides the executor: the representation limit and Cache-Control from the pictures served. */
function plugins(): ApolloServerPlugin<Context>[] {
  return [
    representationLimitPlugin({ max: MAX_REPRESENTATIONS, entityTypes: entityTypeNames(buildSchema()), logger }),
    ApolloServerPluginCacheControlDisabled(),
    cacheControlPlugin({ now: () => NOW }),
  ];
}

// The reference: graphql-js, as Apollo Server executes a plain schema.
const interpreted = new ApolloServer<Context>({ schema: buildSchema(), formatError: createFormatError(logger), plugins: plugins() });
const execution = compiledExecution({ buildSchema, maxDocuments: 100, logger });
const compiled = new ApolloServer<Context>({ gateway: execution.gateway, formatError: createFormatError(logger), plugins: plugins() });

interface Operation {
  readonly query: string;
  readonly variables?: Record<string, unknown>;
  readonly operationName?: string;
}

async function run(server: ApolloServer<Context>, operation: Operation, headers: Array<[string, string]> = [], now?: () => number) {
  const response: GraphQLResponse = await server.executeOperation(
    {
      query: operation.query,
      ...(operation.variables ? { variables: operation.variables } : {}),
      ...(operation.operationName ? { operationName: operation.operationName } : {}),
      http: { method: 'POST', headers: new HeaderMap(headers), search: '', body: {} },
    },
    { contextValue: context(now) },
  );
  if (response.body.kind !== 'single') {
    throw new Error('expected a single result');
  }
  return {
    status: response.http.status ?? 200,
    cacheControl: response.http.headers.get('cache-control'),
    body: JSON.stringify(response.body.singleResult),
  };
}

const PICTURE = 'url id version status preview expiresAt fetchedAt';
const ENTITIES = `query ($representations: [_Any!]!, $preview: Boolean! = false) {
  _entities(representations: $representations) {
    __typename
    ... on Chat { id picture(preview: $preview) { ${PICTURE} } }
    ... on Contact { id picture { ${PICTURE} } }
    ... on Group { id picture { ${PICTURE} } }
  }
}`;
const representations = (...ids: Array<[string, string]>) => ids.map(([__typename, id]) => ({ __typename, id }));

// A representative set: federation, every kind of field error, variables, directives, fragments,
// aliases, introspection, the representation limit and both mutations.
const OPERATIONS: ReadonlyArray<readonly [string, Operation]> = [
  ['_service { sdl }', { query: '{ _service { sdl } }' }],
  [
    'pictures of each entity type, statuses, dates',
    {
      query: ENTITIES,
      variables: {
        representations: representations(
          ['Chat', '15550000001@c.us'],
          ['Contact', '15550000002@c.us'],
          ['Group', '120363000000000001@g.us'],
        ),
      },
    },
  ],
  [
    'field errors with their paths and codes: malformed, wrong kind, provider down, unexpected failure',
    {
      query: ENTITIES,
      variables: {
        representations: representations(
          ['Chat', 'not-a-jid'],
          ['Contact', '120363000000000001@g.us'],
          ['Chat', '15550000003@c.us'],
          ['Chat', '15550000004@c.us'],
          ['Group', '120363000000000001@g.us'],
        ),
      },
    },
  ],
  ['an unknown __typename fails _entities', { query: ENTITIES, variables: { representations: representations(['Nope', '1']) } }],
  ['a missing variable', { query: ENTITIES, variables: {} }],
  [
    'a variable of the wrong type',
    { query: ENTITIES, variables: { representations: representations(['Chat', '15550000001@c.us']), preview: 'yes' } },
  ],
  [
    'too many representations (the limit plugin)',
    {
      query: ENTITIES,
      variables: { representations: representations(...Array.from({ length: 6 }, (): [string, string] => ['Chat', '15550000001@c.us'])) },
    },
  ],
  [
    '@include and @skip on fields, inline fragments and fragment spreads, named fragments, aliases',
    {
      query: `query ($representations: [_Any!]!, $yes: Boolean!, $no: Boolean!) {
        _entities(representations: $representations) {
          ...Picture @include(if: $yes)
          ... on Contact @skip(if: $yes) { id }
          ... on Chat @include(if: $no) { skipped: id }
          ... on Chat { small: picture(preview: true) { url @skip(if: $no) preview version @include(if: $no) } }
        }
      }
      fragment Picture on Chat { id full: picture { ...Fields } }
      fragment Fields on ProfilePicture { url status fetchedAt }`,
      variables: { representations: representations(['Chat', '15550000001@c.us'], ['Contact', '15550000005@c.us']), yes: true, no: false },
    },
  ],
  [
    'representations written in the document, with a variable inside',
    {
      query: `query ($id: ID!) { _entities(representations: [{ __typename: "Chat", id: $id }]) { ... on Chat { id picture { ${PICTURE} } } } }`,
      variables: { id: '15550000001@c.us' },
    },
  ],
  [
    'introspection',
    {
      query:
        '{ __typename __schema { queryType { name } mutationType { name } } __type(name: "ProfilePicture") { name fields { name type { name kind } } } }',
    },
  ],
  ['a named operation among several', { query: `query A { _service { sdl } } query B { __typename }`, operationName: 'B' }],
  ['several operations and no name', { query: `query A { __typename } query B { __typename }` }],
  [
    'setGroupPicture: refused input, then a change with the new picture',
    {
      query: `mutation ($image: ImageInput!) {
        bad: setGroupPicture(groupId: "15550000001@c.us", image: $image) { group { id } picture { url } userErrors { code message field retryAt } }
        good: setGroupPicture(groupId: "120363000000000001@g.us", image: $image) { group { id picture { ${PICTURE} } } picture { ${PICTURE} } userErrors { code } }
      }`,
      variables: { image: { base64: Buffer.from('png').toString('base64') } },
    },
  ],
  [
    'deleteGroupPicture',
    {
      query: `mutation { deleteGroupPicture(groupId: "120363000000000001@g.us") { group { id picture { status } } userErrors { code } } }`,
    },
  ],
];

beforeAll(() => Promise.all([interpreted.start(), compiled.start()]));
afterAll(() => Promise.all([interpreted.stop(), compiled.stop()]));

describe('the compiled executor', () => {
  it.each(OPERATIONS)(
    'answers byte for byte, with the same status and Cache-Control, what graphql-js answers: %s',
    async (_, operation) => {
      const expected = await run(interpreted, operation);
      // Twice: the first compiles the document, the second runs the kept compilation.
      expect(await run(compiled, operation)).toEqual(expected);
      expect(await run(compiled, operation)).toEqual(expected);
    },
  );

  it('answers like graphql-js when a non-null field fails to serialise, nulling its parent', async () => {
    const operation = { query: ENTITIES, variables: { representations: representations(['Chat', '15550000001@c.us']) } };
    const invalidClock = () => Number.NaN;
    const expected = await run(interpreted, operation, [], invalidClock);
    expect(expected.body).toContain('"picture":null');
    expect(await run(compiled, operation, [], invalidClock)).toEqual(expected);
  });

  it('executes with graphql-js when the router asks for an inline trace, and the trace comes back', async () => {
    const operation = { query: ENTITIES, variables: { representations: representations(['Chat', '15550000001@c.us']) } };
    const traced = JSON.parse((await run(compiled, operation, [['apollo-federation-include-trace', 'ftv1']])).body) as {
      data: unknown;
      extensions?: { ftv1?: string };
    };
    expect(traced.extensions?.ftv1).toEqual(expect.any(String));
    // A trace of the resolvers that ran: graphql-js's per-field plugin saw the picture field.
    expect(Buffer.from(traced.extensions?.ftv1 ?? '', 'base64').toString('latin1')).toContain('picture');
    expect(traced.data).toEqual(JSON.parse((await run(interpreted, operation)).body).data);
  });

  it('lets the pictures served set Cache-Control, as under graphql-js', async () => {
    const operation = OPERATIONS[1]?.[1] ?? { query: '{ __typename }' };
    const answer = await run(compiled, operation);
    expect(answer.cacheControl).toMatch(/^private, max-age=[1-9]\d*$/);
    expect(answer.cacheControl).toBe((await run(interpreted, operation)).cacheControl);
  });
});

describe('compiled queries', () => {
  async function serverWith(options: { maxDocuments: number; compile?: typeof compileQuery }) {
    const local = capturingLogger();
    const execution: CompiledExecution = compiledExecution({ buildSchema, logger: local, ...options });
    const server = new ApolloServer<Context>({ gateway: execution.gateway, formatError: createFormatError(local), plugins: plugins() });
    await server.start();
    return { server, execution, logger: local };
  }

  it('keeps at most maxDocuments compilations, however many distinct documents arrive', async () => {
    const { server, execution: local } = await serverWith({ maxDocuments: 10 });
    try {
      for (let index = 0; index < 60; index += 1) {
        // Distinct documents, as an attacker would send them: a new alias each time.
        const response = await server.executeOperation({ query: `{ a${index}: __typename }` }, { contextValue: context() });
        expect(response.body.kind === 'single' && response.body.singleResult.data).toEqual({ [`a${index}`]: 'Query' });
        expect(local.compiledDocuments()).toBeLessThanOrEqual(10);
      }
      expect(local.compiledDocuments()).toBe(10);
    } finally {
      await server.stop();
    }
  });

  it('falls back to graphql-js for a document graphql-jit cannot compile, and says so once', async () => {
    const refusing: typeof compileQuery = () => ({ errors: [new GraphQLError('cannot compile this')] });
    const { server, logger: local } = await serverWith({ maxDocuments: 10, compile: refusing });
    try {
      const operation = { query: ENTITIES, variables: { representations: representations(['Chat', '15550000001@c.us'], ['Chat', 'bad']) } };
      const expected = await run(interpreted, operation);
      expect(await run(server, operation)).toEqual(expected);
      expect(await run(server, operation)).toEqual(expected);
      expect(local.lines.filter((line) => line.includes('graphql-jit cannot compile'))).toHaveLength(1);
      expect(local.lines.find((line) => line.includes('graphql-jit cannot compile'))).toContain('cannot compile this');
    } finally {
      await server.stop();
    }
  });

  it('falls back to graphql-js when the compiler throws', async () => {
    const throwing: typeof compileQuery = () => {
      throw new Error('compiler bug');
    };
    const { server } = await serverWith({ maxDocuments: 10, compile: throwing });
    try {
      const operation = { query: ENTITIES, variables: { representations: representations(['Chat', '15550000001@c.us']) } };
      expect(await run(server, operation)).toEqual(await run(interpreted, operation));
    } finally {
      await server.stop();
    }
  });

  it('compiles a document once and reuses it', async () => {
    let compilations = 0;
    const counting: typeof compileQuery = (...args) => {
      compilations += 1;
      return compileQuery(...args);
    };
    const { server } = await serverWith({ maxDocuments: 10, compile: counting });
    try {
      for (let index = 0; index < 3; index += 1) {
        await server.executeOperation({ query: ENTITIES, variables: { representations: [] } }, { contextValue: context() });
      }
      expect(compilations).toBe(1);
    } finally {
      await server.stop();
    }
  });
});
