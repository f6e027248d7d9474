import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postGraphQL, startSubgraph, type RunningSubgraph } from '../support/start-subgraph.js';
import { subgraphsForSuite } from '../support/suite-subgraphs.js';

const PICTURES = `#graphql
  query ($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Chat { id picture { url id status preview expiresAt fetchedAt } }
      ... on Contact { id picture(preview: true) { url status preview } }
      ... on Group { id picture { url status } }
    }
  }
`;

describe('the subgraph over HTTP on its embedded defaults', () => {
  let subgraph: RunningSubgraph;
  beforeAll(async () => {
    subgraph = await startSubgraph({ env: { MAX_REPRESENTATIONS: '20' } });
  });
  afterAll(() => subgraph.close());

  it('answers /health', async () => {
    const response = await fetch(`${subgraph.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('serves demo pictures whose URLs load as images and expire like WhatsApp URLs', async () => {
    const { status, body } = await postGraphQL(subgraph.url, {
      query: PICTURES,
      variables: {
        representations: [
          { __typename: 'Chat', id: '15550000001@c.us' },
          { __typename: 'Contact', id: '15550000002@s.whatsapp.net' },
          { __typename: 'Group', id: '120363000000000006@g.us' },
          { __typename: 'Chat', id: '15550000009@c.us' },
        ],
      },
    });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const [chat, contact, group, hidden] = (body.data?._entities ?? []) as Array<{ picture: Record<string, string | boolean> }>;
    expect(chat?.picture).toMatchObject({ status: 'AVAILABLE', preview: false });
    expect(contact?.picture).toMatchObject({ status: 'AVAILABLE', preview: true });
    expect(group?.picture).toEqual({ url: null, status: 'NOT_SET' });
    expect(hidden?.picture).toMatchObject({ status: 'HIDDEN', url: null, id: null, expiresAt: null });

    const url = new URL(String(chat?.picture.url));
    expect(url.origin).toBe(subgraph.url);
    expect(new Date(String(chat?.picture.expiresAt)).getTime()).toBe(Number.parseInt(url.searchParams.get('oe') ?? '', 16) * 1000);
    const image = await fetch(url);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/jpeg');
    // A real JPEG, like WhatsApp's CDN serves: its signature, then a 640 px frame.
    expect(Buffer.from(await image.arrayBuffer()).subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));

    url.searchParams.set('oe', Math.floor(Date.now() / 1000 - 60).toString(16));
    const expired = await fetch(url);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toBe('URL signature expired');
  });

  it('fails each picture of an unknown session with UNKNOWN_SESSION, and the entities stand', async () => {
    const { status, body } = await postGraphQL(
      subgraph.url,
      {
        query: PICTURES,
        variables: {
          representations: [
            { __typename: 'Chat', id: '15550000001@c.us' },
            { __typename: 'Group', id: '120363000000000002@g.us' },
          ],
        },
      },
      { 'x-wa-session': 'someone-else' },
    );
    expect(status).toBe(200);
    expect(body.errors?.map((error) => [error.path, error.extensions?.code])).toEqual([
      [['_entities', 0, 'picture'], 'UNKNOWN_SESSION'],
      [['_entities', 1, 'picture'], 'UNKNOWN_SESSION'],
    ]);
    expect(body.errors?.[0]?.message).toBe('Unknown WhatsApp session "someone-else"');
  });

  it('refuses more representations than MAX_REPRESENTATIONS before running anything', async () => {
    const representations = Array.from({ length: 21 }, (_, index) => ({
      __typename: 'Chat',
      id: `155500000${String(index).padStart(2, '0')}@c.us`,
    }));
    const { status, body } = await postGraphQL(subgraph.url, { query: PICTURES, variables: { representations } });
    expect(status).toBe(400);
    expect(body.data).toBeUndefined();
    expect(body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(body.errors?.[0]?.message).toContain('21');
  });

  it('counts representations written inline in the query too', async () => {
    const inline = Array.from(
      { length: 21 },
      (_, index) => `{ __typename: "Chat", id: "155500000${String(index).padStart(2, '0')}@c.us" }`,
    ).join(', ');
    const { status } = await postGraphQL(subgraph.url, { query: `{ _entities(representations: [${inline}]) { __typename } }` });
    expect(status).toBe(400);
  });

  it('answers a body that is not JSON with a 400 and no stack', async () => {
    const response = await fetch(`${subgraph.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": ',
    });
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(text).not.toMatch(/at .*\.(js|ts):\d+/);
  });

  it('keeps CSRF prevention on: a simple cross-site GET is refused', async () => {
    const response = await fetch(`${subgraph.url}/graphql?query=${encodeURIComponent('{ __typename }')}`);
    expect(response.status).toBe(400);
  });

  it('answers unknown paths with 404', async () => {
    expect((await fetch(`${subgraph.url}/nope`)).status).toBe(404);
    expect((await fetch(`${subgraph.url}/demo-pictures/15550000008@c.us/full.jpg?oe=ffffffff`)).status).toBe(404);
  });
});

describe('ROUTER_SECRET', () => {
  let subgraph: RunningSubgraph;
  beforeAll(async () => {
    subgraph = await startSubgraph({ env: { ROUTER_SECRET: 'only-the-router-knows' } });
  });
  afterAll(() => subgraph.close());

  const query = { query: '{ _service { sdl } }' };

  it('refuses a request without the router-authorization header', async () => {
    const { status, body } = await postGraphQL(subgraph.url, query);
    expect(status).toBe(401);
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(JSON.stringify(body)).not.toContain('only-the-router-knows');
  });

  it('refuses a wrong secret', async () => {
    const { status } = await postGraphQL(subgraph.url, query, { 'router-authorization': 'guess' });
    expect(status).toBe(401);
  });

  it('serves a request with the right secret', async () => {
    const { status, body } = await postGraphQL(subgraph.url, query, { 'router-authorization': 'only-the-router-knows' });
    expect(status).toBe(200);
    expect(JSON.stringify(body.data)).toContain('ProfilePicture');
  });
});

describe('the playground pages over HTTP', () => {
  const subgraph = subgraphsForSuite();

  function browserGet(url: string, encoding = 'gzip, deflate, br'): Promise<Response> {
    return fetch(url, { headers: { accept: 'text/html,application/xhtml+xml', 'accept-encoding': encoding } });
  }

  it('serves the gallery with a policy that lets it talk to its own origin only', async () => {
    const running = await subgraph();
    const page = await browserGet(`${running.url}/demo`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("connect-src 'self'");
    expect(await page.text()).toContain('<script src="/demo/gallery.js"></script>');
    const script = await fetch(`${running.url}/demo/gallery.js`);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const source = await script.text();
    expect(source).toContain('textContent');
    // The DOM is built from nodes only: no answer is ever parsed as markup.
    expect(source).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
  });

  it('serves neither page with PLAYGROUND=false, and GraphQL still answers', async () => {
    const running = await subgraph({ PLAYGROUND: 'false' });
    const landing = await browserGet(`${running.url}/graphql`);
    expect(landing.headers.get('content-type') ?? '').not.toContain('text/html');
    expect(await landing.text()).not.toContain('GraphiQL');
    expect((await browserGet(`${running.url}/demo`)).status).toBe(404);
    expect((await fetch(`${running.url}/demo/gallery.js`)).status).toBe(404);
    const { status } = await postGraphQL(running.url, { query: '{ _service { sdl } }' });
    expect(status).toBe(200);
  });
});
