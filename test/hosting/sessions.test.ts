import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postGraphQL, startSubgraph, type RunningSubgraph } from '../support/start-subgraph.js';
import { view } from '../support/hosting-world.js';
import { writeSessionsFile } from '../support/sessions-file.js';

const QUERY = `#graphql
  query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Chat { picture { hostedUrl } } } }
`;

async function hostedUrl(subgraph: RunningSubgraph, session: string, id: string): Promise<string> {
  const { body } = await postGraphQL(
    subgraph.url,
    { query: QUERY, variables: { representations: [{ __typename: 'Chat', id }] } },
    { 'x-wa-session': session },
  );
  const url = (body.data?._entities as Array<{ picture: { hostedUrl: string | null } }> | undefined)?.[0]?.picture.hostedUrl;
  if (typeof url !== 'string') {
    throw new Error(`no hosted URL: ${JSON.stringify(body)}`);
  }
  return url;
}

/** Two tenants' sessions on one subgraph, each a demo account of its own. */
describe('hosted URLs of two sessions', () => {
  let subgraph: RunningSubgraph;

  beforeAll(async () => {
    subgraph = await startSubgraph({
      env: { WA_SESSIONS_FILE: writeSessionsFile({ 'tenant-a': { provider: 'demo' }, 'tenant-b': { provider: 'demo' } }) },
    });
  });
  afterAll(async () => {
    await subgraph?.close();
  });

  it('differ for the same chat, and a session key never opens another session’s picture', async () => {
    const chat = '15550000002@c.us';
    const a = await hostedUrl(subgraph, 'tenant-a', chat);
    const b = await hostedUrl(subgraph, 'tenant-b', '15550000003@c.us');
    const [, , keyA, pictureA] = new URL(a).pathname.split('/');
    const [, , keyB] = new URL(b).pathname.split('/');
    expect(keyA).not.toBe(keyB);
    expect((await view(a)).status).toBe(200);
    // B's key with A's picture: B never asked for that chat, so there is nothing under its key.
    expect((await view(`${subgraph.url}/pictures/${keyB}/${pictureA}/full`)).status).toBe(404);
    // Once B reads the chat itself it gets a URL of its own, which works as A's does.
    const own = await hostedUrl(subgraph, 'tenant-b', chat);
    expect(own).toBe(`${subgraph.url}/pictures/${keyB}/${pictureA}/full`);
    expect(own).not.toBe(a);
    expect((await view(own)).status).toBe(200);
  });
});
