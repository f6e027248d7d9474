import { ProviderGate } from '../../src/resilience/provider-gate.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { RedisCache } from '../../src/cache/redis-cache.js';
import { AppError } from '../../src/errors.js';
import { parseJid } from '../../src/pictures/jid.js';
import type { Picture } from '../../src/pictures/picture.js';
import { PictureService } from '../../src/pictures/picture-service.js';
import { FakeProvider } from '../support/fake-provider.js';
import { decodePicture } from '../../src/pictures/picture-codec.js';
import { describeCacheContract } from '../support/cache-contract.js';
import { redisCluster, standaloneRedis, type TestRedis } from '../support/redis-cluster.js';
import { capturingLogger } from '../support/silent-logger.js';

const HOUR = 3_600_000;

const MINUTE = 60_000;

function reply(raw: string): string | undefined {
  return /\$\d+\r\n([^\r]*)/.exec(raw)?.[1];
}

describe.each([
  ['one redis-server', standaloneRedis],
  ['a three-node Redis Cluster', redisCluster],
])('RedisCache against %s', (_, startRedis: () => Promise<TestRedis>) => {
  let redis: TestRedis;
  let cache: RedisCache;

  /** The one stored key matching `pattern`, wherever the cluster keeps it. */
  async function onlyKey(pattern: string): Promise<string> {
    const keys = (await redis.commandOnEach(`KEYS ${pattern}`)).flatMap((raw) =>
      [...raw.matchAll(/\$\d+\r\n([^\r]+)/g)].map((match) => match[1] as string),
    );
    expect(keys).toHaveLength(1);
    return keys[0] as string;
  }

  async function pttl(key: string): Promise<number> {
    // Nodes that do not own the key answer MOVED; the owner answers an integer.
    const answers = (await redis.commandOnEach(`PTTL ${key}`))
      .map((raw) => /^:(-?\d+)/.exec(raw)?.[1])
      .filter((found) => found !== undefined);
    expect(answers).toHaveLength(1);
    return Number(answers[0]);
  }

  async function value(key: string): Promise<string | undefined> {
    return (await redis.commandOnEach(`GET ${key}`)).map(reply).find((found) => found !== undefined);
  }

  beforeAll(async () => {
    redis = await startRedis();
    cache = new RedisCache({ target: redis.target, commandTimeoutMs: 150, logger: capturingLogger() });
    // Let the client connect: with no offline queue, commands before that are misses by design.
    await vi.waitFor(() => expect(cache.health()).toBe('ok'), { timeout: 5_000, interval: 10 });
  });
  afterAll(async () => {
    await cache?.close();
    await redis?.stop();
  });
  beforeEach(async () => {
    await redis.commandOnEach('FLUSHALL');
    await redis.commandOnEach('CONFIG RESETSTAT');
  });

  function service(now?: () => number): PictureService {
    return new PictureService({
      ...(now ? { now } : {}),
      cache,
      ttl: { maxTtlMs: 24 * HOUR, negativeTtlMs: HOUR / 4, expiryMarginMs: 5 * MINUTE, staleMs: HOUR },
      gate: new ProviderGate({ concurrency: 16, timeoutMs: 2_000 }),
      refreshMinIntervalMs: 0,
      logger: capturingLogger(),
    });
  }

  describeCacheContract('RedisCache', () => cache);

  it('stores each entry with its own absolute expiry', async () => {
    await cache.setMany([{ key: 'test:ttl', value: 'x', ttlMs: 60_000 }]);
    const left = await pttl('test:ttl');
    expect(left).toBeGreaterThan(55_000);
    expect(left).toBeLessThanOrEqual(60_000);
  });

  it('keeps a picture whose URL expires in one hour fresh until five minutes before that, and stale until one minute before', async () => {
    const provider = new FakeProvider();
    const oe = Math.floor((Date.now() + HOUR) / 1000);
    provider.answer = () => ({
      status: 'AVAILABLE',
      url: `https://pps.whatsapp.net/v/a_n.jpg?oe=${oe.toString(16)}`,
      id: null,
      preview: false,
    });
    await service().getMany({ name: 'default', identity: 'fake|a', provider }, [
      { jid: parseJid('15550000001@c.us'), preview: false, refresh: false },
    ]);
    const key = await onlyKey('pic:v2:*');
    expect(Math.abs((await pttl(key)) - (oe * 1000 - MINUTE - Date.now()))).toBeLessThan(5_000);
    const stored = decodePicture((await value(key)) ?? '');
    expect(stored?.freshUntil).toBe(oe * 1000 - 5 * MINUTE);
  });

  it('answers with the stored picture past its freshness when the provider fails, while its URL is valid', async () => {
    const provider = new FakeProvider();
    const session = { name: 'default', identity: 'fake|stale', provider };
    const request = { jid: parseJid('15550000001@c.us'), preview: false, refresh: false };
    const [fetched] = await service().getMany(session, [request]);
    provider.answer = () => {
      throw new AppError('UPSTREAM_UNAVAILABLE', 'down');
    };
    // The fake's URLs expire in two hours: two minutes before the fresh end the entry is stale, still kept.
    const [stale] = await service(() => Date.now() + 2 * HOUR - 4 * MINUTE).getMany(session, [request]);
    expect(provider.calls).toHaveLength(2);
    expect(stale).toEqual(fetched);
  });

  it("never serves one session's entries to another", async () => {
    const first = new FakeProvider();
    const second = new FakeProvider();
    second.answer = () => ({ status: 'AVAILABLE', url: 'https://pps.whatsapp.net/v/second_n.jpg', id: null, preview: false });
    const jid = parseJid('15550000001@c.us');
    const pictures = service();
    await pictures.getMany({ name: 'a', identity: 'waha|http://one|default', provider: first }, [{ jid, preview: false, refresh: false }]);
    const [other] = await service().getMany({ name: 'b', identity: 'waha|http://two|default', provider: second }, [
      { jid, preview: false, refresh: false },
    ]);
    expect(first.calls).toHaveLength(1);
    expect(second.calls).toHaveLength(1);
    expect((other as Picture).url).toBe('https://pps.whatsapp.net/v/second_n.jpg');
  });

  it('reads a batch of 100 cached pictures in one MGET round trip', async () => {
    const provider = new FakeProvider();
    const session = { name: 'default', identity: 'fake|batch', provider };
    const requests = Array.from({ length: 100 }, (_, index) => ({
      jid: parseJid(`1555${String(index).padStart(7, '0')}@c.us`),
      preview: false,
      refresh: false,
    }));
    await service().getMany(session, requests);
    await redis.commandOnEach('CONFIG RESETSTAT');
    const results = await service().getMany(session, requests);
    expect(results.every((result) => (result as Picture).status === 'AVAILABLE')).toBe(true);
    expect(provider.calls).toHaveLength(100);
    expect(await redis.calls('mget')).toBe(1);
    expect(await redis.calls('get')).toBe(0);
  });
});
