import { ApolloServer, type ApolloServerOptionsWithGateway } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { execute } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../../src/context.js';
import { cacheControlPlugin } from '../../src/graphql/cache-control/cache-control-plugin.js';
import { ResponseCachePolicy } from '../../src/graphql/cache-control/response-cache-policy.js';
import type { Jid } from '../../src/pictures/jid.js';
import { PictureLoader } from '../../src/pictures/picture-loader.js';
import { PictureService } from '../../src/pictures/picture-service.js';
import type { ProviderPicture } from '../../src/providers/provider.js';
import { ProviderGate } from '../../src/resilience/provider-gate.js';
import { buildSchema } from '../../src/schema.js';
import { SessionRegistry } from '../../src/sessions.js';
import { CountingCache } from '../support/counting-cache.js';
import { ENTITIES, readPictures } from '../support/entity-reads.js';
import { FakeProvider } from '../support/fake-provider.js';
import { openAccess } from '../support/open-access.js';
import { capturingLogger } from '../support/silent-logger.js';
import { startSubgraph, type RunningSubgraph } from '../support/start-subgraph.js';

const HOUR = 3_600;
const MARGIN = 300;

/** A URL on WhatsApp's CDN whose signature ends `seconds` from now. */
function cdnUrl(user: string, seconds: number): string {
  return `https://pps.whatsapp.net/v/t61.24694-24/s640x640/${user}_n.jpg?oe=${Math.floor(Date.now() / 1000 + seconds).toString(16)}&oh=01_sig`;
}

/** People whose last digit says how long their URL lives; 7 has no picture (NOT_SET). */
function answer(jid: Jid): ProviderPicture {
  const lastDigit = Number(jid.user.at(-1));
  if (lastDigit === 7) {
    return { status: 'NOT_SET', url: null, id: null, preview: false };
  }
  return { status: 'AVAILABLE', url: cdnUrl(jid.user, (lastDigit + 1) * HOUR), id: null, preview: false };
}

/** max-age as the header says it, or null for no-store. */
function maxAge(header: string | null): number | null {
  const match = /^private, max-age=(\d+)$/.exec(header ?? '');
  return match === null ? null : Number(match[1]);
}

describe('Cache-Control on GraphQL answers, from the pictures each one served', () => {
  let subgraph: RunningSubgraph;
  const provider = new FakeProvider();
  provider.answer = answer;

  beforeAll(async () => {
    subgraph = await startSubgraph({
      env: { CACHE_NEGATIVE_TTL_SECONDS: '900', REFRESH_MIN_INTERVAL_SECONDS: '0', ROUTER_SECRET: 'router-secret' },
      sessions: () => new SessionRegistry([{ name: 'default', identity: 'fake|default', provider }]),
    });
  });
  afterAll(() => subgraph.close());

  const read = (representations: Parameters<typeof readPictures>[1], options: { refresh?: boolean } = {}) =>
    readPictures(subgraph.url, representations, { ...options, headers: { 'router-authorization': 'router-secret' } });

  it('a fresh batch: private, max-age = the shortest remaining freshness among its pictures (URL expiry less the margin)', async () => {
    const batch = await read([
      ['Chat', '15550000012@c.us'], // 3 h
      ['Contact', '15550000011@c.us'], // 2 h: the shortest
      ['Group', '120363000000000015@g.us'], // 6 h
    ]);
    expect(batch.errors).toEqual([]);
    const age = maxAge(batch.cacheControl);
    expect(age).toBeGreaterThan(2 * HOUR - MARGIN - 5);
    expect(age).toBeLessThanOrEqual(2 * HOUR - MARGIN);
    expect(batch.vary).toBe('x-wa-session, authorization');

    // The same pictures again, now from the cache: what remains of the same freshness.
    const again = await read([
      ['Group', '120363000000000015@g.us'],
      ['Chat', '15550000012@c.us'],
    ]);
    expect(maxAge(again.cacheControl)).toBeGreaterThan(3 * HOUR - MARGIN - 5);
    expect(maxAge(again.cacheControl)).toBeLessThanOrEqual(3 * HOUR - MARGIN);
  });

  it('a picture without one (NOT_SET) counts with its shorter negative TTL', async () => {
    const batch = await read([
      ['Chat', '15550000019@c.us'],
      ['Contact', '15550000017@c.us'],
    ]);
    expect(batch.pictures[1]?.status).toBe('NOT_SET');
    expect(maxAge(batch.cacheControl)).toBeGreaterThan(890);
    expect(maxAge(batch.cacheControl)).toBeLessThanOrEqual(900);
  });

  it('a batch with an error is no-store, and its other pictures are still answered', async () => {
    const batch = await read([
      ['Chat', '15550000012@c.us'],
      ['Contact', 'not-a-jid'],
    ]);
    expect(batch.errors.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect(batch.pictures[0]?.status).toBe('AVAILABLE');
    expect(batch.cacheControl).toBe('private, no-store');
  });

  it('refresh: true is no-store, even when the refresh is answered', async () => {
    const batch = await read([['Chat', '15550000012@c.us']], { refresh: true });
    expect(batch.errors).toEqual([]);
    expect(batch.cacheControl).toBe('private, no-store');
  });

  it('mutations, and requests refused before they run, are no-store', async () => {
    const post = async (body: string, headers: Record<string, string> = {}) => {
      const response = await fetch(`${subgraph.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'router-authorization': 'router-secret', ...headers },
        body,
      });
      return { status: response.status, cacheControl: response.headers.get('cache-control') };
    };
    const mutation = JSON.stringify({
      query: 'mutation { deleteGroupPicture(groupId: "120363000000000016@g.us") { group { id picture { status } } userErrors { code } } }',
    });
    expect(await post(mutation)).toEqual({ status: 200, cacheControl: 'private, no-store' });
    expect(await post(mutation, { 'router-authorization': 'wrong' })).toEqual({ status: 401, cacheControl: 'private, no-store' });
    expect(await post('{"query": ')).toEqual({ status: 400, cacheControl: 'private, no-store' });
    // A query that serves no picture has no known freshness: reusable for no time.
    expect(await post(JSON.stringify({ query: '{ _service { sdl } }' }))).toEqual({ status: 200, cacheControl: 'private, max-age=0' });
  });

  it('is never public, and tags each entity for the router, aligned with _entities', async () => {
    const batch = await read([
      ['Chat', '15550000012@c.us'],
      ['Contact', 'not-a-jid'],
      ['Contact', '15550000012@s.whatsapp.net'],
    ]);
    expect(batch.cacheControl).not.toMatch(/public/);
    expect(batch.tags).toHaveLength(3);
    const [chat, bad, contact] = batch.tags ?? [];
    expect(chat).toEqual([
      expect.stringMatching(/^wa-picture:[\w-]{16}:15550000012@s\.whatsapp\.net$/),
      expect.stringMatching(/^wa-account:/),
    ]);
    expect(bad).toEqual([]);
    // One person through two entity types and two spellings: one picture, one tag.
    expect(contact).toEqual(chat);
  });
});

describe('Cache-Control under an executor of our own (no field-level plugins run)', () => {
  const provider = new FakeProvider();
  provider.answer = answer;
  const logger = capturingLogger();
  const service = new PictureService({
    cache: new CountingCache(),
    ttl: { maxTtlMs: 86_400_000, negativeTtlMs: 900_000, expiryMarginMs: MARGIN * 1000, staleMs: 0 },
    gate: new ProviderGate({ concurrency: 4, timeoutMs: 1_000 }),
    refreshMinIntervalMs: 0,
    logger,
  });
  const schema = buildSchema();
  // What a compiled executor plugs into: Apollo Server's gateway interface, which runs no resolver hooks.
  const gateway: ApolloServerOptionsWithGateway<Context>['gateway'] = {
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => {};
    },
    async load() {
      return {
        executor: async (requestContext) =>
          execute({
            schema,
            document: requestContext.document,
            variableValues: requestContext.request.variables ?? {},
            contextValue: requestContext.context,
            ...(requestContext.operationName === null ? {} : { operationName: requestContext.operationName }),
          }),
      };
    },
    async stop() {},
  };
  const quiet = { debug() {}, info() {}, warn() {}, error() {} };
  const server = new ApolloServer<Context>({
    gateway,
    logger: quiet,
    plugins: [ApolloServerPluginCacheControlDisabled(), cacheControlPlugin()],
  });

  beforeAll(() => server.start());
  afterAll(() => server.stop());

  function context(): Context {
    const session = { name: 'default', identity: 'fake|default', provider };
    const access = openAccess(session, logger);
    const cachePolicy = new ResponseCachePolicy();
    const pictures = new PictureLoader(service, () => access.readSession(), 100, cachePolicy);
    // Reads of plain fields only: neither the mutations' writer nor the hosted links are reached.
    return { pictures, groupPictures: undefined as never, cachePolicy, links: undefined as never };
  }

  it('still says max-age from the pictures served, and no-store for refresh', async () => {
    const representations = [
      { __typename: 'Chat', id: '15550000021@c.us' },
      { __typename: 'Group', id: '120363000000000023@g.us' },
    ];
    const fresh = await server.executeOperation({ query: ENTITIES, variables: { representations } }, { contextValue: context() });
    const age = maxAge(fresh.http.headers.get('cache-control') ?? null);
    expect(age).toBeGreaterThan(2 * HOUR - MARGIN - 5);
    expect(age).toBeLessThanOrEqual(2 * HOUR - MARGIN);
    const refreshed = await server.executeOperation(
      { query: ENTITIES, variables: { representations, refresh: true } },
      { contextValue: context() },
    );
    expect(refreshed.http.headers.get('cache-control')).toBe('private, no-store');
  });
});
