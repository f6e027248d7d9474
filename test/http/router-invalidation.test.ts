import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionRegistry } from '../../src/sessions.js';
import { readPicture } from '../support/entity-reads.js';
import { FakeProvider } from '../support/fake-provider.js';
import { dataOf, groupPictureClient } from '../support/group-picture-client.js';
import { RecordingRouter } from '../support/recording-router.js';
import { startSubgraph, type RunningSubgraph } from '../support/start-subgraph.js';
import { testPng } from '../support/test-images.js';

/** A loopback port nothing listens on: connections to it are refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function invalidations(url: string, outcome: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(new RegExp(`^picture_router_invalidations_total\\{outcome="${outcome}"\\} (\\d+)$`, 'm').exec(text)?.[1]);
}

/** The router's invalidation endpoint failing every way it can: the mutation succeeds all the same. */
describe('router invalidation that fails never fails the change', () => {
  let router: RecordingRouter;
  let refused: RunningSubgraph;
  let routed: RunningSubgraph;
  const provider = new FakeProvider();
  const sessions = () => new SessionRegistry([{ name: 'default', identity: 'fake|default', provider }]);
  let image: { base64: string };

  beforeAll(async () => {
    router = await RecordingRouter.start();
    image = { base64: (await testPng('#075E54', 64)).toString('base64') };
    refused = await startSubgraph({
      env: { ROUTER_INVALIDATION_URL: `http://127.0.0.1:${await closedPort()}/invalidation`, ROUTER_INVALIDATION_KEY: 'key' },
      sessions,
    });
    routed = await startSubgraph({
      env: {
        ROUTER_INVALIDATION_URL: router.url,
        ROUTER_INVALIDATION_KEY: 'not-the-routers-key',
        ROUTER_INVALIDATION_TIMEOUT_MS: '300',
        GROUP_PICTURE_MIN_INTERVAL_SECONDS: '0',
      },
      sessions,
    });
  });

  afterAll(async () => {
    await Promise.all([refused?.close(), routed?.close()]);
    await router?.close();
  });

  it('with the endpoint down (connection refused), the mutation succeeds and the failure is counted', async () => {
    const group = '120363000000000801@g.us';
    await readPicture(refused.url, 'Group', group);
    const answer = await groupPictureClient(`${refused.url}/graphql`).set(group, image);
    expect(dataOf(answer).setGroupPicture).toMatchObject({ userErrors: [], picture: { status: 'AVAILABLE' } });
    expect(await invalidations(refused.url, 'failed')).toBe(1);
    expect(refused.logger.lines.some((line) => line.includes('router invalidation failed'))).toBe(true);
    // The key is never logged.
    expect(refused.logger.lines.some((line) => line.includes('"key"'))).toBe(false);
  });

  it('a router that refuses the key, answers 503 or hangs past the timeout: the mutation succeeds, each counted', async () => {
    const client = groupPictureClient(`${routed.url}/graphql`);
    const group = '120363000000000802@g.us';
    for (const [mode, outcome] of [
      ['ok', 'rejected'], // the wrong shared key: 401
      ['unavailable', 'rejected'],
      ['hang', 'failed'],
    ] as const) {
      router.mode = mode;
      const before = await invalidations(routed.url, outcome);
      const answer = await client.delete(group, { bare: true });
      expect(dataOf(answer).deleteGroupPicture.userErrors).toEqual([]);
      expect(await invalidations(routed.url, outcome)).toBe(before + 1);
    }
    expect(router.requests.every((request) => request.authorization === 'not-the-routers-key')).toBe(true);
  });
});
