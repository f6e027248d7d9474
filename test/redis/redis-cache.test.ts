import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RedisCache } from '../../src/cache/redis-cache.js';
import { parseJid } from '../../src/pictures/jid.js';
import type { Picture } from '../../src/pictures/picture.js';
import { PictureService } from '../../src/pictures/picture-service.js';
import { FakeProvider } from '../support/fake-provider.js';
import { RedisServer } from '../support/redis-server.js';
import { capturingLogger } from '../support/silent-logger.js';

const HOUR = 3_600_000;

describe('RedisCache against a real redis-server', () => {
  let redis: RedisServer;
  let cache: RedisCache;

  beforeAll(async () => {
    redis = await RedisServer.start();
    cache = new RedisCache({ url: redis.url, commandTimeoutMs: 150, logger: capturingLogger() });
    // Let the client connect: with no offline queue, commands before that are misses by design.
    for (let attempt = 0; cache.health() !== 'ok' && attempt < 100; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  });
  afterAll(async () => {
    await cache?.close();
    await redis?.stop();
  });
  beforeEach(async () => {
    await redis.command('FLUSHALL');
    await redis.command('CONFIG RESETSTAT');
  });

  function service(): PictureService {
    return new PictureService({
      cache,
      ttl: { maxTtlMs: 24 * HOUR, negativeTtlMs: HOUR / 4, expiryMarginMs: 5 * 60_000 },
      concurrency: 16,
      timeoutMs: 2_000,
      refreshMinIntervalMs: 0,
      logger: capturingLogger(),
    });
  }

  it('answers hits and misses in key order', async () => {
    await cache.setMany([
      { key: 'test:a', value: '1', ttlMs: 10_000 },
      { key: 'test:c', value: '3', ttlMs: 10_000 },
    ]);
    expect(await cache.getMany(['test:c', 'test:b', 'test:a'])).toEqual(['3', undefined, '1']);
    expect(cache.health()).toBe('ok');
  });

  it('stores each entry with its own absolute expiry', async () => {
    await cache.setMany([{ key: 'test:ttl', value: 'x', ttlMs: 60_000 }]);
    const pttl = Number(/:(-?\d+)/.exec(await redis.command('PTTL test:ttl'))?.[1]);
    expect(pttl).toBeGreaterThan(55_000);
    expect(pttl).toBeLessThanOrEqual(60_000);
  });

  it('keeps a picture whose URL expires in one hour until five minutes before that', async () => {
    const provider = new FakeProvider();
    const oe = Math.floor((Date.now() + HOUR) / 1000);
    provider.answer = () => ({ status: 'AVAILABLE', url: `https://pps.whatsapp.net/v/a_n.jpg?oe=${oe.toString(16)}`, id: null, preview: false });
    await service().getMany({ name: 'default', identity: 'fake|a', provider }, [{ jid: parseJid('15550000001@c.us'), preview: false, refresh: false }]);
    const key = /\$\d+\r\n(pic:v1:[^\r]+)/.exec(await redis.command('KEYS pic:*'))?.[1];
    const pttl = Number(/:(-?\d+)/.exec(await redis.command(`PTTL ${key}`))?.[1]);
    const expected = oe * 1000 - Date.now() - 5 * 60_000;
    expect(Math.abs(pttl - expected)).toBeLessThan(5_000);
  });

  it('never serves one session\'s entries to another', async () => {
    const first = new FakeProvider();
    const second = new FakeProvider();
    second.answer = () => ({ status: 'AVAILABLE', url: 'https://pps.whatsapp.net/v/second_n.jpg', id: null, preview: false });
    const jid = parseJid('15550000001@c.us');
    const pictures = service();
    await pictures.getMany({ name: 'a', identity: 'waha|http://one|default', provider: first }, [{ jid, preview: false, refresh: false }]);
    const [other] = await service().getMany({ name: 'b', identity: 'waha|http://two|default', provider: second }, [{ jid, preview: false, refresh: false }]);
    expect(first.calls).toHaveLength(1);
    expect(second.calls).toHaveLength(1);
    expect((other as Picture).url).toBe('https://pps.whatsapp.net/v/second_n.jpg');
  });

  it('reads a batch of 100 cached pictures in one MGET round trip', async () => {
    const provider = new FakeProvider();
    const session = { name: 'default', identity: 'fake|batch', provider };
    const requests = Array.from({ length: 100 }, (_, index) => ({ jid: parseJid(`1555${String(index).padStart(7, '0')}@c.us`), preview: false, refresh: false }));
    await service().getMany(session, requests);
    await redis.command('CONFIG RESETSTAT');
    const results = await service().getMany(session, requests);
    expect(results.every((result) => (result as Picture).status === 'AVAILABLE')).toBe(true);
    expect(provider.calls).toHaveLength(100);
    expect(await redis.calls('mget')).toBe(1);
    expect(await redis.calls('get')).toBe(0);
  });
});
