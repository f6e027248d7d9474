import { ProviderGate } from '../../src/resilience/provider-gate.js';
import { ApolloServer } from '@apollo/server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Context } from '../../src/context.js';
import { AppError } from '../../src/errors.js';
import { ResponseCachePolicy } from '../../src/graphql/cache-control/response-cache-policy.js';
import { compiledExecution } from '../../src/graphql/compiled-execution.js';
import { createFormatError } from '../../src/graphql/format-error.js';
import { GroupPictureWriter } from '../../src/pictures/group-picture-writer.js';
import { GroupPictures } from '../../src/pictures/group-pictures.js';
import { HostedLinks } from '../../src/hosting/hosted-links.js';
import { UrlKeys } from '../../src/hosting/url-keys.js';
import { PictureLoader } from '../../src/pictures/picture-loader.js';
import { PictureService } from '../../src/pictures/picture-service.js';
import { buildSchema } from '../../src/schema.js';
import { CountingCache } from '../support/counting-cache.js';
import { FakeImages } from '../support/fake-images.js';
import { FakeProvider } from '../support/fake-provider.js';
import { openAccess } from '../support/open-access.js';
import { capturingLogger } from '../support/silent-logger.js';
import { singleResult } from '../support/single-result.js';

const ENTITIES = /* GraphQL */ `
  #graphql
  query Pictures($representations: [_Any!]!, $preview: Boolean! = false) {
    _entities(representations: $representations) {
      __typename
      ... on Chat {
        id
        picture(preview: $preview) {
          url
          id
          status
          preview
          expiresAt
          fetchedAt
        }
      }
      ... on Contact {
        id
        picture(preview: $preview) {
          url
          id
          status
          preview
          expiresAt
          fetchedAt
        }
      }
      ... on Group {
        id
        picture(preview: $preview) {
          url
          id
          status
          preview
          expiresAt
          fetchedAt
        }
      }
    }
  }
`;

interface EntitiesData {
  _entities: Array<{ __typename: string; id: string; picture: Record<string, unknown> | null }>;
}

const logger = capturingLogger();
// The executor the subgraph runs: compiled by graphql-jit.
const server = new ApolloServer<Context>({
  gateway: compiledExecution({ buildSchema, maxDocuments: 100, logger }).gateway,
  formatError: createFormatError(logger),
});
let provider: FakeProvider;
let service: PictureService;

function context(): Context {
  const session = { name: 'default', identity: 'fake|default', provider };
  const access = openAccess(session, logger);
  const cachePolicy = new ResponseCachePolicy();
  const pictures = new PictureLoader(service, () => access.readSession(), 1000, cachePolicy);
  const writer = new GroupPictureWriter({
    pictures: service,
    gate: new ProviderGate({ concurrency: 16, timeoutMs: 1_000 }),
    cache: new CountingCache(),
    images: new FakeImages(),
    minIntervalMs: 0,
    writeLeaseMs: 10_000,
    logger,
  });
  const links = new HostedLinks({
    publicUrl: () => 'http://pictures.test',
    keys: new UrlKeys(['a-test-secret-of-at-least-32-chars!']),
    hosting: null,
  });
  return { pictures, groupPictures: new GroupPictures(writer, access, pictures), cachePolicy, links };
}

async function entities(representations: Array<{ __typename: string; id: string }>, variables: Record<string, unknown> = {}) {
  const response = await server.executeOperation<EntitiesData>(
    { query: ENTITIES, variables: { representations, ...variables } },
    { contextValue: context() },
  );
  return singleResult(response);
}

beforeAll(() => server.start());
afterAll(() => server.stop());
beforeEach(() => {
  provider = new FakeProvider();
  service = new PictureService({
    cache: new CountingCache(),
    ttl: { maxTtlMs: 86_400_000, negativeTtlMs: 900_000, expiryMarginMs: 300_000, staleMs: 3_600_000 },
    gate: new ProviderGate({ concurrency: 16, timeoutMs: 1_000 }),
    refreshMinIntervalMs: 0,
    logger,
  });
});

describe('_entities', () => {
  it('resolves the pictures of Chats, Contacts and Groups in representation order', async () => {
    const oe = Math.floor(Date.UTC(2030, 0, 1) / 1000);
    provider.answer = (jid) =>
      jid.user.endsWith('1')
        ? { status: 'AVAILABLE', url: `https://pps.whatsapp.net/v/${jid.user}_n.jpg?oe=${oe.toString(16)}`, id: null, preview: false }
        : { status: jid.user.endsWith('2') ? 'HIDDEN' : 'NOT_SET', url: null, id: null, preview: false };
    const result = await entities([
      { __typename: 'Contact', id: '15550000002@c.us' },
      { __typename: 'Chat', id: '15550000001@c.us' },
      { __typename: 'Group', id: '120363000000000003@g.us' },
    ]);
    expect(result.errors).toBeUndefined();
    const [contact, chat, group] = result.data?._entities ?? [];
    expect(contact).toMatchObject({ __typename: 'Contact', id: '15550000002@c.us', picture: { status: 'HIDDEN', url: null, id: null } });
    expect(chat).toMatchObject({
      __typename: 'Chat',
      id: '15550000001@c.us',
      picture: {
        status: 'AVAILABLE',
        url: `https://pps.whatsapp.net/v/15550000001_n.jpg?oe=${oe.toString(16)}`,
        preview: false,
        expiresAt: '2030-01-01T00:00:00.000Z',
      },
    });
    expect(chat?.picture?.id).toEqual(expect.any(String));
    expect(Date.parse(String(chat?.picture?.fetchedAt))).toBeGreaterThan(Date.now() - 10_000);
    expect(group).toMatchObject({ __typename: 'Group', picture: { status: 'NOT_SET', url: null } });
  });

  it('fetches a picture once however many entities carry its JID', async () => {
    const result = await entities([
      { __typename: 'Chat', id: '120363000000000001@g.us' },
      { __typename: 'Group', id: '120363000000000001@g.us' },
      { __typename: 'Contact', id: '15550000001@c.us' },
      { __typename: 'Chat', id: '15550000001@s.whatsapp.net' },
    ]);
    expect(result.errors).toBeUndefined();
    expect(provider.calls.map((call) => call.jid).sort()).toEqual(['120363000000000001@g.us', '15550000001@s.whatsapp.net']);
    const [chat, group] = result.data?._entities ?? [];
    expect(chat?.picture).toEqual(group?.picture);
  });

  it('fails a bad or wrong-kind id on its own field and keeps the rest', async () => {
    const result = await entities([
      { __typename: 'Chat', id: 'not-a-jid' },
      { __typename: 'Contact', id: '120363000000000001@g.us' },
      { __typename: 'Group', id: '15550000001@c.us' },
      { __typename: 'Chat', id: '15550000001@c.us' },
    ]);
    expect(result.data?._entities.map((entity) => entity.picture?.status ?? null)).toEqual([null, null, null, 'AVAILABLE']);
    expect(result.errors?.map((error) => [error.path, error.extensions?.code])).toEqual([
      [['_entities', 0, 'picture'], 'BAD_USER_INPUT'],
      [['_entities', 1, 'picture'], 'BAD_USER_INPUT'],
      [['_entities', 2, 'picture'], 'BAD_USER_INPUT'],
    ]);
    expect(provider.calls).toHaveLength(1);
  });

  it('gives a provider failure its stable code on that field only', async () => {
    provider.answer = (jid) => {
      if (jid.user === '15550000002') {
        throw new AppError('UPSTREAM_UNAVAILABLE', 'The WhatsApp provider is unavailable');
      }
      return { status: 'NOT_SET', url: null, id: null, preview: false };
    };
    const result = await entities([
      { __typename: 'Chat', id: '15550000001@c.us' },
      { __typename: 'Chat', id: '15550000002@c.us' },
    ]);
    expect(result.data?._entities[0]?.picture?.status).toBe('NOT_SET');
    expect(result.data?._entities[1]?.picture).toBeNull();
    expect(result.errors).toEqual([
      expect.objectContaining({ path: ['_entities', 1, 'picture'], extensions: { code: 'UPSTREAM_UNAVAILABLE' } }),
    ]);
  });

  it('hides an unexpected failure behind INTERNAL_SERVER_ERROR and logs it', async () => {
    provider.answer = () => {
      throw new Error('secret upstream body: token=abc123');
    };
    const result = await entities([{ __typename: 'Chat', id: '15550000001@c.us' }]);
    expect(result.errors).toEqual([
      expect.objectContaining({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }),
    ]);
    expect(JSON.stringify(result)).not.toContain('abc123');
    expect(logger.lines.some((line) => line.includes('unexpected error'))).toBe(true);
  });

  it('reports preview: false when the provider has no preview size', async () => {
    const result = await entities([{ __typename: 'Chat', id: '15550000001@c.us' }], { preview: true });
    expect(result.data?._entities[0]?.picture).toMatchObject({ status: 'AVAILABLE', preview: false });
    expect(provider.calls[0]?.preview).toBe(false);
  });
});
