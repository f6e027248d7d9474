import { ApolloClient, HttpLink, InMemoryCache, gql, type TypedDocumentNode } from '@apollo/client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { typeDefs } from '../../src/schema.js';
import { exampleOperation } from '../support/example-operations.js';
import { neighbourTypeDefs, startNeighbourSubgraph } from '../support/neighbour-subgraph.js';
import { startSubgraph, type RunningSubgraph } from '../support/start-subgraph.js';
import { startGateway } from '../support/supergraph.js';
import { testPng } from '../support/test-images.js';

// One person as a chat and as a contact (two spellings of one phone number), another person, a
// group's chat, and two demo groups: one with a generated picture, one without (demo JIDs: last
// digit 0–5 a picture, 6–7 none).
const PERSON_CHAT = '15550000001@c.us';
const PERSON_CONTACT = '15550000001@s.whatsapp.net';
const OTHER_CHAT = '15550000002@c.us';
const GROUP_CHAT = '120363000000000005@g.us';
const GROUP = '120363000000000004@g.us';
const GROUP_WITHOUT_PICTURE = '120363000000000007@g.us';

interface Picture {
  id: string | null;
  version: string | null;
  url: string | null;
  status: string;
  preview: boolean;
}

interface ChatSizes {
  chats: Array<{ id: string; picture: Picture | null; preview: Picture | null }>;
}

interface PersonTwice {
  chats: Array<{ id: string; picture: Picture | null }>;
  contacts: Array<{ id: string; picture: Picture | null }>;
}

interface GroupList {
  groups: Array<{ id: string; subject: string; picture: Picture | null; preview: Picture | null }>;
}

interface UserError {
  code: string;
  message: string;
}

interface GroupAnswer {
  group: { id: string; picture: Picture | null; preview: Picture | null } | null;
  userErrors: UserError[];
}

type NoVariables = Record<string, never>;

// Every field of a picture the tests compare, wherever they ask for one.
const PICTURE_FIELDS = gql`
  fragment PictureFields on ProfilePicture {
    id
    version
    url
    status
    preview
  }
`;

const PICTURE_SIZES: TypedDocumentNode<ChatSizes, NoVariables> = gql`
  query ChatPictureSizes {
    chats {
      id
      picture {
        ...PictureFields
      }
      preview: picture(preview: true) {
        ...PictureFields
      }
    }
  }
  ${PICTURE_FIELDS}
`;

const PERSON_TWICE: TypedDocumentNode<PersonTwice, NoVariables> = gql`
  query PersonAsChatAndContact {
    chats {
      id
      picture {
        ...PictureFields
      }
    }
    contacts {
      id
      picture {
        ...PictureFields
      }
    }
  }
  ${PICTURE_FIELDS}
`;

// The recipe's own operations: the test proves what examples/frontend/client.ts selects.
const GROUP_LIST = exampleOperation<GroupList, NoVariables>('GroupListWithPictures');
const SET_GROUP_PICTURE = exampleOperation<{ setGroupPicture: GroupAnswer }, { groupId: string; image: { base64: string } }>(
  'SetGroupPicture',
);
const DELETE_GROUP_PICTURE = exampleOperation<{ deleteGroupPicture: GroupAnswer }, { groupId: string }>('DeleteGroupPicture');

// A client that changes the picture but reads back only whether it worked: what the recipe's selection avoids.
const SET_GROUP_PICTURE_BLIND: TypedDocumentNode<
  { setGroupPicture: { userErrors: UserError[] } },
  { groupId: string; image: { base64: string } }
> = gql`
  mutation SetGroupPictureBlind($groupId: ID!, $image: ImageInput!) {
    setGroupPicture(groupId: $groupId, image: $image) {
      userErrors {
        code
        message
      }
    }
  }
`;

function byId<T extends { id: string }>(items: readonly T[], id: string): T {
  const item = items.find((candidate) => candidate.id === id);
  if (item === undefined) {
    throw new Error(`no ${id} in the answer`);
  }
  return item;
}

/**
 * Apollo Client 4 types `data` as optional whatever the error policy; with the default ("none") a
 * GraphQL error throws, so missing data here is a failure of the test's premise.
 */
function dataOf<T>(result: { readonly data?: T | undefined }): T {
  if (result.data === undefined) {
    throw new Error('Apollo Client answered without data');
  }
  return result.data;
}

function pictureKeys(extracted: Record<string, unknown>): string[] {
  return Object.keys(extracted).filter((key) => key.startsWith('ProfilePicture:'));
}

describe('Apollo Client 4 with a default InMemoryCache, over the composed supergraph', () => {
  let neighbour: Awaited<ReturnType<typeof startNeighbourSubgraph>>;
  let ours: RunningSubgraph;
  let gateway: Awaited<ReturnType<typeof startGateway>>;
  let image: string;

  beforeAll(async () => {
    neighbour = await startNeighbourSubgraph({
      chats: [PERSON_CHAT, OTHER_CHAT, GROUP_CHAT],
      contacts: [PERSON_CONTACT],
      groups: [GROUP, GROUP_WITHOUT_PICTURE],
    });
    // The demo provider has a real preview size; the tests write one group several times in a row.
    ours = await startSubgraph({ env: { GROUP_PICTURE_MIN_INTERVAL_SECONDS: '0' } });
    gateway = await startGateway([
      { name: 'messaging', url: neighbour.url, typeDefs: neighbourTypeDefs },
      { name: 'pictures', url: `${ours.url}/graphql`, typeDefs },
    ]);
    image = (await testPng('#EF6C00')).toString('base64');
  });

  afterAll(async () => {
    await gateway?.close();
    await ours?.close();
    await neighbour?.close();
  });

  /** A fresh client, as a frontend builds it, that counts every request it sends to the gateway. */
  function frontend() {
    const sent = { requests: 0 };
    const countingFetch: typeof fetch = (input, init) => {
      sent.requests += 1;
      return fetch(input, init);
    };
    const cache = new InMemoryCache();
    const client = new ApolloClient({
      cache,
      link: new HttpLink({ uri: gateway.url, fetch: countingFetch, headers: { 'x-wa-session': 'default' } }),
    });
    return { client, cache, sent };
  }

  function subgraphRequests(): Record<string, number> {
    return Object.fromEntries(gateway.requestsBySubgraph);
  }

  it('keeps a chat’s full picture and its preview apart: two ids, two urls, the right preview flags', async () => {
    // A written picture has one provider id for both sizes: the case whose sizes used to share an id.
    const writer = frontend().client;
    const written = dataOf(
      await writer.mutate({ mutation: SET_GROUP_PICTURE, variables: { groupId: GROUP_CHAT, image: { base64: image } } }),
    );
    expect(written.setGroupPicture.userErrors).toEqual([]);

    const { client, cache } = frontend();
    await client.query({ query: PICTURE_SIZES });
    // Read back from the cache alone: this is what every other view of the chat sees.
    const data = dataOf(await client.query({ query: PICTURE_SIZES, fetchPolicy: 'cache-only' }));
    const extracted = cache.extract() as Record<string, Record<string, unknown>>;
    for (const [id, kind] of [
      [PERSON_CHAT, 'jpg'],
      [GROUP_CHAT, 'jpg'],
    ] as const) {
      const chat = byId(data.chats, id);
      expect(chat.picture).toMatchObject({ status: 'AVAILABLE', preview: false, url: expect.stringContaining(`/full.${kind}?`) });
      expect(chat.preview).toMatchObject({ status: 'AVAILABLE', preview: true, url: expect.stringContaining(`/preview.${kind}?`) });
      expect(chat.preview?.id).not.toBe(chat.picture?.id);
      // One picture in two sizes: its version is shared, its identity is not.
      expect(chat.preview?.version).toBe(chat.picture?.version);
      const entry = extracted[`Chat:${id}`];
      expect(entry?.['picture']).toEqual({ __ref: `ProfilePicture:${chat.picture?.id}` });
      expect(entry?.['picture({"preview":true})']).toEqual({ __ref: `ProfilePicture:${chat.preview?.id}` });
    }
    expect(byId(data.chats, GROUP_CHAT).picture?.version).toBe(written.setGroupPicture.group?.picture?.version);
    // Three chats, two sizes each: six pictures.
    expect(pictureKeys(extracted)).toHaveLength(6);
  });

  it('control: with one id for both sizes, as before the id fix, the same cache merges them into one', async () => {
    const { client } = frontend();
    const data = dataOf(await client.query({ query: PICTURE_SIZES, fetchPolicy: 'no-cache' }));
    const merged = new InMemoryCache();
    // The answer the subgraph gave before ProfilePicture.id carried the size.
    merged.writeQuery({
      query: PICTURE_SIZES,
      data: { chats: data.chats.map((chat) => ({ ...chat, preview: chat.preview && { ...chat.preview, id: chat.picture?.id ?? null } })) },
    });
    const chat = byId(merged.readQuery({ query: PICTURE_SIZES })?.chats ?? [], GROUP_CHAT);
    expect(chat.picture?.url).toBe(chat.preview?.url);
    expect(chat.picture?.preview).toBe(chat.preview?.preview);
  });

  it('shares one normalised picture between the chat and the contact of one person', async () => {
    const { client, cache } = frontend();
    const data = dataOf(await client.query({ query: PERSON_TWICE }));
    const chat = byId(data.chats, PERSON_CHAT);
    const contact = byId(data.contacts, PERSON_CONTACT);
    expect(chat.picture?.status).toBe('AVAILABLE');
    expect(contact.picture?.id).toBe(chat.picture?.id);

    const extracted = cache.extract() as Record<string, Record<string, unknown>>;
    const reference = { __ref: `ProfilePicture:${chat.picture?.id}` };
    expect(extracted[`Chat:${PERSON_CHAT}`]?.['picture']).toEqual(reference);
    expect(extracted[`Contact:${PERSON_CONTACT}`]?.['picture']).toEqual(reference);
    // Four pictures asked for, three JIDs: three entries, the person's once.
    expect(pictureKeys(extracted)).toEqual(expect.arrayContaining([reference.__ref]));
    expect(pictureKeys(extracted)).toHaveLength(3);
  });

  it('shows a set and then a removed group picture in an earlier query, from the mutations’ answers alone', async () => {
    const { client, sent } = frontend();
    const before = byId(dataOf(await client.query({ query: GROUP_LIST })).groups, GROUP);
    expect(before.picture?.status).toBe('AVAILABLE');

    // A live view of the list, as a component would hold it: it must never go to the network.
    const view = client.watchQuery({ query: GROUP_LIST, fetchPolicy: 'cache-only' });
    const seen: Array<string | null | undefined> = [];
    const subscription = view.subscribe((result) => {
      if (result.dataState === 'complete') {
        seen.push(byId(result.data.groups, GROUP).picture?.id);
      }
    });

    const requestsBefore = sent.requests;
    const subgraphsBefore = subgraphRequests();
    const answer = dataOf(
      await client.mutate({ mutation: SET_GROUP_PICTURE, variables: { groupId: GROUP, image: { base64: image } } }),
    ).setGroupPicture;
    expect(answer.userErrors).toEqual([]);
    const written = answer.group?.picture;
    expect(written).toMatchObject({
      status: 'AVAILABLE',
      preview: false,
      url: expect.stringContaining(`/demo-pictures/default/${GROUP}/`),
    });

    const after = byId(dataOf(await client.query({ query: GROUP_LIST, fetchPolicy: 'cache-only' })).groups, GROUP);
    expect(after.picture).toEqual({ __typename: 'ProfilePicture', ...written });
    expect(after.picture?.id).not.toBe(before.picture?.id);
    expect(after.picture?.version).not.toBe(before.picture?.version);
    expect(after.preview).toMatchObject({ version: written?.version, preview: true, url: expect.stringContaining('/preview.jpg') });
    // The messaging subgraph's field came from the earlier query; the cache merged both answers.
    expect(after.subject).toBe(before.subject);
    await vi.waitFor(() => expect(seen.at(-1)).toBe(written?.id));

    // One request, the mutation's, went to the gateway, and the gateway asked the picture subgraph once.
    expect(sent.requests).toBe(requestsBefore + 1);
    expect(subgraphRequests()).toEqual({ ...subgraphsBefore, pictures: (subgraphsBefore['pictures'] ?? 0) + 1 });

    const deleted = dataOf(await client.mutate({ mutation: DELETE_GROUP_PICTURE, variables: { groupId: GROUP } }));
    expect(deleted.deleteGroupPicture.userErrors).toEqual([]);
    const removed = byId(dataOf(await client.query({ query: GROUP_LIST, fetchPolicy: 'cache-only' })).groups, GROUP);
    expect(removed.picture).toMatchObject({ status: 'NOT_SET', id: null, version: null, url: null });
    expect(removed.preview).toMatchObject({ status: 'NOT_SET', url: null });
    await vi.waitFor(() => expect(seen.at(-1)).toBeNull());
    expect(sent.requests).toBe(requestsBefore + 2);

    subscription.unsubscribe();
  });

  it('control: a mutation that selects only userErrors leaves the earlier query showing the old picture', async () => {
    const { client } = frontend();
    const before = byId(dataOf(await client.query({ query: GROUP_LIST })).groups, GROUP_WITHOUT_PICTURE);
    const data = dataOf(
      await client.mutate({ mutation: SET_GROUP_PICTURE_BLIND, variables: { groupId: GROUP_WITHOUT_PICTURE, image: { base64: image } } }),
    );
    expect(data.setGroupPicture.userErrors).toEqual([]);

    const cached = byId(dataOf(await client.query({ query: GROUP_LIST, fetchPolicy: 'cache-only' })).groups, GROUP_WITHOUT_PICTURE);
    expect(cached.picture).toEqual(before.picture);
    // The picture did change: only a refetch, the round trip the recipe's selection saves, shows it.
    const fetched = byId(dataOf(await client.query({ query: GROUP_LIST, fetchPolicy: 'network-only' })).groups, GROUP_WITHOUT_PICTURE);
    expect(fetched.picture?.status).toBe('AVAILABLE');
    expect(fetched.picture?.id).not.toBe(before.picture?.id);
  });
});
