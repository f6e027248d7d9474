import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startWahaEmulator } from '../emulators/waha.js';
import { RedisServer } from '../support/redis-server.js';
import { cacheReady, postGraphQL, startSubgraph, type RunningSubgraph } from '../support/start-subgraph.js';

type Waha = Awaited<ReturnType<typeof startWahaEmulator>>;

function query(users: number[]): { query: string } {
  const representations = users.map((user) => `{ __typename: "Contact", id: "49170${String(user).padStart(7, '0')}@c.us" }`).join(', ');
  return { query: `{ _entities(representations: [${representations}]) { ... on Contact { picture { status } } } }` };
}

describe('Redis is never a dependency', () => {
  let redis: RedisServer;
  let waha: Waha;
  const subgraphs: RunningSubgraph[] = [];

  async function subgraph(): Promise<RunningSubgraph> {
    const running = await startSubgraph({
      env: { WA_PROVIDER: 'waha', WA_BASE_URL: waha.emulator.url, WA_API_KEY: waha.apiKey ?? '', REDIS_URL: redis.url },
    });
    subgraphs.push(running);
    await cacheReady(running.url);
    return running;
  }

  beforeAll(async () => {
    redis = await RedisServer.start();
    waha = await startWahaEmulator();
  });
  beforeEach(async () => {
    waha.emulator.reset();
    await redis.command('FLUSHALL');
  });
  afterEach(async () => {
    await Promise.all(subgraphs.splice(0).map((running) => running.close()));
  });
  afterAll(async () => {
    await waha?.emulator.close();
    await redis?.stop();
  });

  it('serves every request while Redis is killed and restarted, then caches again', async () => {
    const running = await subgraph();
    const failures: unknown[] = [];
    let round = 0;
    const run = async () => {
      round += 1;
      const { status, body } = await postGraphQL(running.url, query([round % 7, 10 + (round % 5)]));
      if (status !== 200 || body.errors !== undefined) {
        failures.push({ status, errors: body.errors });
      }
    };
    for (let index = 0; index < 10; index += 1) {
      await run();
    }
    await redis.kill();
    for (let index = 0; index < 20; index += 1) {
      await run();
    }
    expect((await (await fetch(`${running.url}/ready`)).json()) as unknown).toEqual({
      status: 'ready',
      checks: { cache: 'degraded', sessions: { default: { provider: 'waha', breaker: 'closed' } }, pictureStore: 'ok' },
    });
    await redis.restart();
    await cacheReady(running.url);
    for (let index = 0; index < 10; index += 1) {
      await run();
    }
    expect(failures).toEqual([]);

    // Caching has resumed: a picture fetched once is not fetched again.
    await postGraphQL(running.url, query([4321]));
    const before = waha.emulator.requests.length;
    await postGraphQL(running.url, query([4321]));
    expect(waha.emulator.requests.length).toBe(before);
  });

  it('does not make requests wait on a hung Redis longer than its command timeout', async () => {
    const running = await subgraph();
    redis.signal('SIGSTOP');
    try {
      const slowest = { ms: 0 };
      for (let index = 0; index < 10; index += 1) {
        const started = Date.now();
        const { status, body } = await postGraphQL(running.url, query([100 + index]));
        slowest.ms = Math.max(slowest.ms, Date.now() - started);
        expect(status).toBe(200);
        expect(body.errors).toBeUndefined();
      }
      // Command timeout (150 ms) for the read and the write, plus slack for a loaded machine;
      // without the timeout a request would wait for Redis forever.
      expect(slowest.ms).toBeLessThan(2 * 150 + 1_500);
    } finally {
      redis.signal('SIGCONT');
    }
  });
});
