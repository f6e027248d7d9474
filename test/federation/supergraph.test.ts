import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { typeDefs } from '../../src/schema.js';
import { DemoProvider } from '../../src/providers/demo.js';
import { SessionRegistry } from '../../src/sessions.js';
import { CountingCache } from '../support/counting-cache.js';
import { neighbourTypeDefs, startNeighbourSubgraph } from '../support/neighbour-subgraph.js';
import { startSubgraph, type RunningSubgraph } from '../support/start-subgraph.js';
import { startGateway } from '../support/supergraph.js';
import { FakeProvider } from '../support/fake-provider.js';

// A dashboard's inbox: people in both phone spellings, groups old and new, a channel, repeats, and one broken id.
const CHATS = [
  '15550000001@c.us',
  '120363000000000002@g.us',
  '15550000001@s.whatsapp.net',
  '15550000006@c.us',
  'not-a-jid',
  '15550000001-1600000000@g.us',
  '120363000000000008@newsletter',
  '120363000000000002@g.us',
  '15550000003@lid',
];

const INBOX = `#graphql
  query Inbox {
    chats { id name picture { url id status preview expiresAt fetchedAt } }
  }
`;

interface InboxChat {
  id: string;
  name: string;
  picture: { url: string | null; id: string | null; status: string; preview: boolean; expiresAt: string | null; fetchedAt: string } | null;
}

describe('a loopback supergraph: neighbour subgraph, our subgraph, a gateway', () => {
  let neighbour: Awaited<ReturnType<typeof startNeighbourSubgraph>>;
  let ours: RunningSubgraph;
  let gateway: Awaited<ReturnType<typeof startGateway>>;
  const cache = new CountingCache();
  const counted = new FakeProvider({ preview: true, refresh: false });

  beforeAll(async () => {
    neighbour = await startNeighbourSubgraph({ chats: CHATS });
    // The demo provider's answers, through a provider that counts every call it receives.
    ours = await startSubgraph({
      cache,
      sessions: (publicUrl) => {
        const demo = new DemoProvider({ baseUrl: publicUrl });
        counted.answer = (_, request) => demo.fetchPicture(request);
        return new SessionRegistry([{ name: 'default', identity: 'demo|default', provider: counted }]);
      },
    });
    gateway = await startGateway([
      { name: 'messaging', url: neighbour.url, typeDefs: neighbourTypeDefs },
      { name: 'pictures', url: `${ours.url}/graphql`, typeDefs },
    ]);
  });

  afterAll(async () => {
    await gateway?.close();
    await ours?.close();
    await neighbour?.close();
  });

  async function inbox() {
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: INBOX }),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as {
      data: { chats: InboxChat[] };
      errors?: Array<{ path?: unknown[]; extensions?: { code?: string } }>;
    };
  }

  it('fetches every distinct picture once, in one batch, and keeps the order', async () => {
    const { data, errors } = await inbox();

    expect(gateway.requestsBySubgraph.get('pictures')).toBe(1);
    // One read of the batch's pictures, then one of the misses' change stamps before the provider calls.
    expect(cache.reads).toHaveLength(2);
    expect(cache.reads[1]?.every((key) => key.endsWith(':c'))).toBe(true);
    expect(counted.calls.map((call) => call.jid).sort()).toEqual([
      '120363000000000002@g.us',
      '120363000000000008@newsletter',
      '15550000001-1600000000@g.us',
      '15550000001@s.whatsapp.net',
      '15550000003@lid',
      '15550000006@s.whatsapp.net',
    ]);

    expect(data.chats.map((chat) => chat.id)).toEqual(CHATS);
    expect(data.chats.map((chat) => chat.name)).toEqual(CHATS.map((_, index) => `Chat ${index}`));
    expect(data.chats.map((chat) => chat.picture?.status ?? null)).toEqual([
      'AVAILABLE',
      'AVAILABLE',
      'AVAILABLE',
      'NOT_SET',
      null,
      'AVAILABLE',
      'HIDDEN',
      'AVAILABLE',
      'AVAILABLE',
    ]);
    // Each picture is its own chat's: the demo URL names the canonical JID.
    expect(data.chats[1]?.picture?.url).toContain('/demo-pictures/120363000000000002@g.us/full.jpg?oe=');
    expect(data.chats[8]?.picture?.url).toContain('/demo-pictures/15550000003@lid/full.jpg?oe=');
    expect(data.chats[0]?.picture).toEqual(data.chats[2]?.picture);

    expect(errors).toEqual([
      expect.objectContaining({ path: ['chats', 4, 'picture'], extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }),
    ]);
  });

  it('answers the same query again from the cache, with no provider call', async () => {
    const before = counted.calls.length;
    const { data } = await inbox();
    expect(counted.calls.length).toBe(before);
    expect(data.chats[0]?.picture?.status).toBe('AVAILABLE');
  });

  it('serves picture URLs that load through the subgraph', async () => {
    const { data } = await inbox();
    const image = await fetch(String(data.chats[0]?.picture?.url));
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/jpeg');
  });
});
