import { describe, expect, it } from 'vitest';
import { MemoryCache } from '../../src/cache/memory-cache.js';
import { loadConfig } from '../../src/config/index.js';
import { parseJid } from '../../src/pictures/jid.js';
import type { Picture } from '../../src/pictures/picture.js';
import { PictureService } from '../../src/pictures/picture-service.js';
import { ProviderGate } from '../../src/resilience/provider-gate.js';
import { createSessionRegistry } from '../../src/sessions.js';
import { FakeProvider } from '../support/fake-provider.js';
import { writeSessionsFile } from '../support/sessions-file.js';
import { capturingLogger } from '../support/silent-logger.js';

const JID = '15550000001@c.us';

function service(cache = new MemoryCache({ maxEntries: 100 })): PictureService {
  return new PictureService({
    cache,
    ttl: { maxTtlMs: 3_600_000, negativeTtlMs: 60_000, expiryMarginMs: 300_000, staleMs: 3_600_000 },
    gate: new ProviderGate({ concurrency: 4, timeoutMs: 2_000 }),
    refreshMinIntervalMs: 0,
    logger: capturingLogger(),
  });
}

/** A provider whose every answer waits until the test releases it, so two fetches are surely in flight together. */
function heldProvider(pictureId: string) {
  const provider = new FakeProvider();
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let started!: () => void;
  const called = new Promise<void>((resolve) => {
    started = resolve;
  });
  provider.answer = async (jid) => {
    started();
    await released;
    return {
      status: 'AVAILABLE',
      url: `https://pps.whatsapp.net/v/t61/${pictureId}_${jid.user}_n.jpg?oe=FFFFFFFF`,
      id: null,
      preview: false,
    };
  };
  return { provider, release, called };
}

const only = (results: Array<Picture | Error>): Picture => {
  const [result] = results;
  if (result === undefined || result instanceof Error) {
    throw new Error(`expected a picture, got ${String(result)}`);
  }
  return result;
};

describe('what one session may see is never served to another', () => {
  it('keeps concurrent fetches of one JID on two sessions apart: two provider calls, each answer to its own session', async () => {
    const pictures = service();
    const a = heldProvider('tenant-a');
    const b = heldProvider('tenant-b');
    const request = [{ jid: parseJid(JID), preview: false, refresh: false }];

    const forA = pictures.getMany({ name: 'a', identity: 'waha|http://waha-a|default', provider: a.provider }, request);
    const forB = pictures.getMany({ name: 'b', identity: 'waha|http://waha-b|default', provider: b.provider }, request);
    // Both fetches are in flight before either answers: had they shared a flight, B's provider would never be called.
    await Promise.all([a.called, b.called]);
    a.release();
    b.release();

    expect(only(await forA).url).toContain('tenant-a');
    expect(only(await forB).url).toContain('tenant-b');
    expect([a.provider.calls.length, b.provider.calls.length]).toEqual([1, 1]);

    // And from the cache afterwards, still each its own.
    expect(
      only(await pictures.getMany({ name: 'b', identity: 'waha|http://waha-b|default', provider: b.provider }, request)).url,
    ).toContain('tenant-b');
    expect(b.provider.calls.length).toBe(1);
  });

  it('gives each named demo session an identity of its own, since each keeps its own pictures in memory', () => {
    const config = loadConfig({ WA_SESSIONS_FILE: writeSessionsFile({ a: { provider: 'demo' }, b: { provider: 'demo' } }) });
    const registry = createSessionRegistry(config, { publicUrl: () => 'http://127.0.0.1', upstream: config.upstream });
    expect(registry.get('a')?.identity).not.toBe(registry.get('b')?.identity);
  });

  it('shares entries only between names for one account: same provider, base URL and account id', () => {
    const config = loadConfig({
      WA_SESSIONS_FILE: writeSessionsFile({
        sales: { provider: 'waha', baseUrl: 'http://waha:3000', session: 'default' },
        support: { provider: 'waha', baseUrl: 'http://waha:3000', session: 'default' },
        other: { provider: 'waha', baseUrl: 'http://waha:3000', session: 'other' },
      }),
    });
    const registry = createSessionRegistry(config, { publicUrl: () => 'http://127.0.0.1', upstream: config.upstream });
    expect(registry.get('sales')?.identity).toBe(registry.get('support')?.identity);
    expect(registry.get('sales')?.identity).not.toBe(registry.get('other')?.identity);
    return registry.close();
  });
});
