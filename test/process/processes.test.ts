import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startWahaEmulator } from '../emulators/waha.js';
import { redisCluster, standaloneRedis, type TestRedis } from '../support/redis-cluster.js';
import { cacheReady, postGraphQL } from '../support/start-subgraph.js';
import { buildSubgraph, failedStart, startSubgraphProcess, type SubgraphProcess } from '../support/subgraph-process.js';

type Waha = Awaited<ReturnType<typeof startWahaEmulator>>;

const PICTURES = {
  query: `#graphql
    {
      _entities(representations: [
        { __typename: "Contact", id: "4917000000001@c.us" }
        { __typename: "Contact", id: "4917000000002@c.us" }
        { __typename: "Chat", id: "4917000000003@s.whatsapp.net" }
        { __typename: "Group", id: "120363000000000006@g.us" }
      ]) { ... on Contact { picture { status id url } } ... on Chat { picture { status id url } } ... on Group { picture { status id url } } }
    }`,
};

describe('the subgraph as OS processes', () => {
  let waha: Waha;
  const processes: SubgraphProcess[] = [];

  async function start(env: Record<string, string>): Promise<SubgraphProcess> {
    const running = await startSubgraphProcess({
      WA_PROVIDER: 'waha',
      WA_BASE_URL: waha.emulator.url,
      WA_API_KEY: waha.apiKey ?? '',
      ...env,
    });
    processes.push(running);
    return running;
  }

  beforeAll(async () => {
    waha = await startWahaEmulator();
    await buildSubgraph();
  }, 60_000);
  afterEach(async () => {
    waha.emulator.reset();
    await Promise.all(processes.splice(0).map((running) => running.stop('SIGKILL')));
  });
  afterAll(async () => {
    await waha?.emulator.close();
  });

  describe.each([
    ['one redis-server', standaloneRedis],
    ['a three-node Redis Cluster', redisCluster],
  ])('sharing %s', (_, startRedis: () => Promise<TestRedis>) => {
    let redis: TestRedis;

    beforeAll(async () => {
      redis = await startRedis();
    }, 60_000);
    afterAll(async () => {
      await redis?.stop();
    });

    it('lets a second process answer from what the first cached, with zero provider calls', async () => {
      const [first, second] = await Promise.all([start(redis.env), start(redis.env)]);
      await Promise.all([cacheReady(first.url), cacheReady(second.url)]);
      const fromFirst = await postGraphQL(first.url, PICTURES);
      expect(fromFirst.body.errors).toBeUndefined();
      expect(waha.emulator.requests).toHaveLength(4);
      const fromSecond = await postGraphQL(second.url, PICTURES);
      expect(fromSecond.body).toEqual(fromFirst.body);
      expect(waha.emulator.requests).toHaveLength(4);
    });
  });

  it('finishes in-flight requests on SIGTERM, then exits 0', async () => {
    const running = await start({});
    waha.emulator.inject({ kind: 'latency', ms: 400 });
    const before = waha.emulator.inFlight;
    const inFlight = postGraphQL(running.url, PICTURES);
    // SIGTERM only once the request is inside the process, waiting on the provider.
    await vi.waitFor(() => expect(waha.emulator.inFlight).toBeGreaterThan(before), { timeout: 10_000, interval: 10 });
    const exitCode = running.stop('SIGTERM');
    const { status, body } = await inFlight;
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(await exitCode).toBe(0);
    expect(running.logs.map((entry) => entry.message)).toContain('stopping: finishing in-flight requests');
  });

  it('refuses to start on a bad variable with one line naming it, and never echoes a secret', async () => {
    const { code, stderr } = await failedStart({ REDIS_URL: 'http://:hunter2@cache' });
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(/^Configuration error: REDIS_URL: /)]);
    expect(stderr).not.toContain('hunter2');
  });
});
