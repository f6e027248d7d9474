import { ProviderGate } from '../../src/resilience/provider-gate.js';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryCache } from '../../src/cache/memory-cache.js';
import { AppError } from '../../src/errors.js';
import { Instant } from '../../src/pictures/instant.js';
import { parseJid } from '../../src/pictures/jid.js';
import type { Picture } from '../../src/pictures/picture.js';
import { decodePicture } from '../../src/pictures/picture-codec.js';
import { PictureService, type PictureRequest } from '../../src/pictures/picture-service.js';
import type { Session } from '../../src/session.js';
import { CountingCache } from '../support/counting-cache.js';
import { FakeProvider } from '../support/fake-provider.js';
import { capturingLogger } from '../support/silent-logger.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

function failing(): never {
  throw new AppError('UPSTREAM_UNAVAILABLE', 'down');
}

function request(raw: string, options: Partial<Omit<PictureRequest, 'jid'>> = {}): PictureRequest {
  return { jid: parseJid(raw), preview: false, refresh: false, ...options };
}

function session(provider: FakeProvider, name = 'default'): Session {
  return { name, identity: `fake|${name}`, provider };
}

function picture(result: Picture | Error | undefined): Picture {
  if (result === undefined || result instanceof Error) {
    throw new Error(`expected a picture, got ${String(result)}`);
  }
  return result;
}

// Every test twice: over strings (a shared cache such as Redis: encoded once per write, decoded once
// per read) and over the in-process lane (the cached objects themselves).
describe.each([
  ['a string cache', false],
  ['the in-process lane', true],
])('PictureService on %s', (_, lane) => {
  let provider: FakeProvider;
  let cache: CountingCache;
  let service: PictureService;

  function makeService(options: { concurrency?: number; timeoutMs?: number; refreshMinIntervalMs?: number; now?: () => number } = {}) {
    return new PictureService({
      cache,
      ...(options.now ? { now: options.now } : {}),
      ttl: { maxTtlMs: 24 * HOUR, negativeTtlMs: HOUR / 4, expiryMarginMs: 5 * MINUTE, staleMs: HOUR },
      gate: new ProviderGate({ concurrency: options.concurrency ?? 16, timeoutMs: options.timeoutMs ?? 2_000 }),
      refreshMinIntervalMs: options.refreshMinIntervalMs ?? 0,
      logger: capturingLogger(),
    });
  }

  beforeEach(() => {
    provider = new FakeProvider();
    cache = new CountingCache(undefined, { lane });
    service = makeService();
  });

  it('reads the cache once per batch and asks the provider once per distinct picture', async () => {
    const results = await service.getMany(session(provider), [
      request('15550000001@c.us'),
      request('15550000002@c.us'),
      request('15550000001@s.whatsapp.net'),
      request('120363012345678901@g.us'),
      request('15550000001@c.us'),
    ]);
    expect(results).toHaveLength(5);
    // The pictures, then the change stamps of the three misses: hits never pay for the second read.
    expect(cache.reads).toHaveLength(2);
    expect(cache.reads[0]).toHaveLength(3);
    expect(cache.reads[1]).toHaveLength(3);
    expect(provider.calls.map((call) => call.jid).sort()).toEqual([
      '120363012345678901@g.us',
      '15550000001@s.whatsapp.net',
      '15550000002@s.whatsapp.net',
    ]);
    expect(cache.writes).toHaveLength(1);
    expect(cache.writes[0]).toHaveLength(3);
  });

  it('answers in request order', async () => {
    provider.answer = (jid) => ({ status: 'AVAILABLE', url: `https://pps.whatsapp.net/${jid.user}.jpg`, id: null, preview: false });
    const users = ['15550000003', '15550000001', '15550000002'];
    const results = await service.getMany(
      session(provider),
      users.map((user) => request(`${user}@c.us`)),
    );
    expect(results.map((result) => picture(result).url)).toEqual(users.map((user) => `https://pps.whatsapp.net/${user}.jpg`));
  });

  it('serves a second batch from the cache without calling the provider', async () => {
    const first = await service.getMany(session(provider), [request('15550000001@c.us')]);
    const second = await service.getMany(session(provider), [request('15550000001@c.us')]);
    expect(provider.calls).toHaveLength(1);
    expect(picture(second[0])).toEqual(picture(first[0]));
    // A batch of hits is one cache read: the change stamps are read for misses only.
    expect(cache.reads.slice(2)).toEqual([[expect.stringMatching(/:f$/)]]);
  });

  it('leaves no rejection unhandled while a slower picture of the same batch is still being fetched', async () => {
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', record);
    try {
      provider.answer = async (jid) => {
        if (jid.user === '15550000001') {
          throw new AppError('UPSTREAM_TIMEOUT', 'too slow');
        }
        // Resolves only after the failure above has been reported and Node has looked for handlers.
        await new Promise((resolve) => setImmediate(resolve));
        await new Promise((resolve) => setImmediate(resolve));
        return { status: 'NOT_SET', url: null, id: null, preview: false };
      };
      const [failed, answered] = await service.getMany(session(provider), [request('15550000001@c.us'), request('15550000002@c.us')]);
      expect(failed).toBeInstanceOf(AppError);
      expect(picture(answered).status).toBe('NOT_SET');
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', record);
    }
  });

  describe('invalidate', () => {
    const group = '120363012345678901@g.us';

    it('forgets every size of the picture and makes the next read ask a caching provider to refresh', async () => {
      const previewing = new FakeProvider({ preview: true, refresh: true });
      await service.getMany(session(previewing), [request(group), request(group, { preview: true })]);
      expect(previewing.calls.map((call) => call.refresh)).toEqual([false, false]);

      await service.invalidate(session(previewing), parseJid(group));
      expect(cache.deletes).toEqual([[expect.stringMatching(/:f$/), expect.stringMatching(/:p$/)]]);
      await service.getMany(session(previewing), [request(group), request(group, { preview: true })]);
      expect(previewing.calls.map((call) => call.refresh)).toEqual([false, false, true, true]);

      // What the refresh brought is cached again like any picture.
      await service.getMany(session(previewing), [request(group), request(group, { preview: true })]);
      expect(previewing.calls).toHaveLength(4);
    });

    it('never asks a provider without a cache of its own to refresh', async () => {
      const live = new FakeProvider({ refresh: false });
      await service.invalidate(session(live), parseJid(group));
      await service.getMany(session(live), [request(group)]);
      expect(live.calls.map((call) => call.refresh)).toEqual([false]);
    });

    it('keeps a read that was in flight during the change from caching the old picture', async () => {
      let answerOld!: () => void;
      const old = new Promise<void>((resolve) => {
        answerOld = resolve;
      });
      provider.answer = async (jid) => {
        if (provider.calls.length === 1) {
          await old;
          return { status: 'AVAILABLE', url: 'https://pps.whatsapp.net/v/old_n.jpg', id: null, preview: false };
        }
        return { status: 'AVAILABLE', url: 'https://pps.whatsapp.net/v/new_n.jpg', id: null, preview: false };
      };
      const inFlight = service.getMany(session(provider), [request(group)]);
      await vi.waitFor(() => expect(provider.calls).toHaveLength(1));
      await service.invalidate(session(provider), parseJid(group));
      // A request after the change does not join the old flight.
      const after = await service.getMany(session(provider), [request(group)]);
      expect(picture(after[0]).url).toBe('https://pps.whatsapp.net/v/new_n.jpg');
      answerOld();
      expect(picture((await inFlight)[0]).url).toBe('https://pps.whatsapp.net/v/old_n.jpg');

      const next = await service.getMany(session(provider), [request(group)]);
      expect(picture(next[0]).url).toBe('https://pps.whatsapp.net/v/new_n.jpg');
      expect(provider.calls).toHaveLength(2);
    });
  });

  it('shares one provider call between concurrent batches that need the same picture', async () => {
    const release = provider.hold();
    const pending = Array.from({ length: 20 }, () =>
      service.getMany(session(provider), [request('15550000001@c.us'), request('15550000002@c.us')]),
    );
    await vi.waitFor(() => expect(provider.inFlight).toBe(2));
    release();
    const batches = await Promise.all(pending);
    expect(provider.callsFor('15550000001@s.whatsapp.net')).toBe(1);
    expect(provider.callsFor('15550000002@s.whatsapp.net')).toBe(1);
    for (const batch of batches) {
      expect(batch.every((result) => !(result instanceof Error))).toBe(true);
    }
  });

  it('keeps at most `concurrency` provider calls in flight per session', async () => {
    service = makeService({ concurrency: 4 });
    const other = new FakeProvider();
    const releases = [provider.hold(), other.hold()];
    const many = (prefix: string) => Array.from({ length: 30 }, (_, index) => request(`${prefix}${String(index).padStart(4, '0')}@c.us`));
    const batches = Promise.all([
      service.getMany(session(provider, 'a'), many('1555000')),
      service.getMany(session(provider, 'a'), many('1666000')),
      service.getMany(session(other, 'b'), many('1777000')),
    ]);
    // Both sessions at their cap, the rest queued behind it; then every call may go.
    await vi.waitFor(() => expect([provider.inFlight, other.inFlight]).toEqual([4, 4]));
    releases.forEach((release) => release());
    await batches;
    expect(provider.calls).toHaveLength(60);
    expect(provider.maxInFlight).toBe(4);
    expect(other.maxInFlight).toBe(4);
  });

  it('caches an AVAILABLE picture fresh until shortly before its URL expires, and kept until a minute before', async () => {
    const now = Date.now();
    service = makeService({ now: () => now });
    const oe = Math.floor((now + HOUR) / 1000);
    provider.answer = () => ({
      status: 'AVAILABLE',
      url: `https://pps.whatsapp.net/a.jpg?oe=${oe.toString(16)}`,
      id: null,
      preview: false,
    });
    const [result] = await service.getMany(session(provider), [request('15550000001@c.us')]);
    expect(picture(result).expiresAt?.getTime()).toBe(oe * 1000);
    const [entry] = cache.writes[0] ?? [];
    expect(entry?.ttlMs).toBe(oe * 1000 - MINUTE - now);
    expect(decodePicture(entry?.value ?? '')?.freshUntil).toBe(oe * 1000 - 5 * MINUTE);
  });

  it('caches NOT_SET, HIDDEN and NONE fresh for the shorter negative TTL, then kept for the stale window', async () => {
    const now = Date.now();
    service = makeService({ now: () => now });
    const statuses = { '15550000001': 'NOT_SET', '15550000002': 'HIDDEN', '15550000003': 'NONE' } as const;
    provider.answer = (jid) => ({ status: statuses[jid.user as keyof typeof statuses], url: null, id: null, preview: false });
    await service.getMany(
      session(provider),
      Object.keys(statuses).map((user) => request(`${user}@c.us`)),
    );
    expect(cache.writes[0]?.map((entry) => entry.ttlMs)).toEqual([HOUR / 4 + HOUR, HOUR / 4 + HOUR, HOUR / 4 + HOUR]);
    expect(cache.writes[0]?.map((entry) => decodePicture(entry.value)?.freshUntil)).toEqual([
      now + HOUR / 4,
      now + HOUR / 4,
      now + HOUR / 4,
    ]);
  });

  describe('past freshness', () => {
    let now: number;

    beforeEach(() => {
      now = Date.now();
      cache = new CountingCache(() => now, { lane });
      service = makeService({ now: () => now });
      // The URL is valid for two hours: fresh for 1h55m, kept until 1h59m.
      provider.answer = (jid) => ({
        status: 'AVAILABLE',
        url: `https://pps.whatsapp.net/v/${jid.user}_n.jpg?oe=${Math.floor((now + 2 * HOUR) / 1000).toString(16)}&oh=${provider.calls.length}`,
        id: null,
        preview: false,
      });
    });

    it('asks the provider again once an entry is stale, and caches the new answer', async () => {
      const [first] = await service.getMany(session(provider), [request('15550000001@c.us')]);
      now += 2 * HOUR - 4 * MINUTE;
      const [second] = await service.getMany(session(provider), [request('15550000001@c.us')]);
      expect(provider.calls).toHaveLength(2);
      expect(picture(second).url).not.toBe(picture(first).url);
      expect(cache.writes).toHaveLength(2);
    });

    it('answers a stale entry when the provider fails (stale-if-error), and does not cache it again', async () => {
      const [first] = await service.getMany(session(provider), [request('15550000001@c.us'), request('15550000002@c.us')]);
      now += 2 * HOUR - 4 * MINUTE;
      provider.answer = failing;
      const [stale, missing] = await service.getMany(session(provider), [request('15550000001@c.us'), request('15550000003@c.us')]);
      expect(picture(stale)).toEqual(picture(first));
      expect((missing as AppError).code).toBe('UPSTREAM_UNAVAILABLE');
      expect(cache.writes).toHaveLength(1);
    });

    it('answers the stale entry it read even when the failing flight it joined was started without one', async () => {
      // A cache that misses once on demand: the batch that reads it then starts a flight with no fallback.
      class MissOnceCache extends CountingCache {
        missNext = false;
        override async getMany(keys: readonly string[]): Promise<Array<string | undefined>> {
          if (this.missNext) {
            this.missNext = false;
            return keys.map(() => undefined);
          }
          return super.getMany(keys);
        }
      }
      const missOnce = new MissOnceCache(() => now);
      cache = missOnce;
      service = makeService({ now: () => now });
      const [first] = await service.getMany(session(provider), [request('15550000001@c.us')]);
      now += 2 * HOUR - 4 * MINUTE;
      const release = provider.hold();
      provider.answer = failing;
      missOnce.missNext = true;
      const owner = service.getMany(session(provider), [request('15550000001@c.us')]);
      await vi.waitFor(() => expect(provider.inFlight).toBe(1));
      const joining = service.getMany(session(provider), [request('15550000001@c.us')]);
      release();
      const [joined] = await joining;
      expect(picture(joined)).toEqual(picture(first));
      expect(((await owner)[0] as AppError).code).toBe('UPSTREAM_UNAVAILABLE');
      expect(provider.calls).toHaveLength(2);
    });

    it('answers a failed refresh with the cached picture', async () => {
      const [first] = await service.getMany(session(provider), [request('15550000001@c.us')]);
      provider.answer = failing;
      const [refreshed] = await service.getMany(session(provider), [request('15550000001@c.us', { refresh: true })]);
      expect(provider.calls.map((call) => call.refresh)).toEqual([false, true]);
      expect(picture(refreshed)).toEqual(picture(first));
    });

    it('answers an error once the URL is too close to expiry to be worth serving', async () => {
      await service.getMany(session(provider), [request('15550000001@c.us')]);
      now += 2 * HOUR - 30_000;
      provider.answer = failing;
      const [result] = await service.getMany(session(provider), [request('15550000001@c.us')]);
      expect((result as AppError).code).toBe('UPSTREAM_UNAVAILABLE');
    });

    it('refetches an entry near its end in the background while it keeps answering (stale-while-revalidate)', async () => {
      const [first] = await service.getMany(session(provider), [request('15550000001@c.us'), request('15550000002@c.us')]);
      now += HOUR + 50 * MINUTE;
      const release = provider.hold();
      const [served] = await service.getMany(session(provider), [request('15550000001@c.us'), request('15550000002@c.us')]);
      expect(picture(served)).toEqual(picture(first));
      // Another batch during the revalidation joins it instead of starting its own.
      await service.getMany(session(provider), [request('15550000001@c.us')]);
      await vi.waitFor(() => expect(provider.inFlight).toBe(2));
      release();
      await service.drain();
      expect(provider.calls).toHaveLength(4);
      expect(cache.writes.map((write) => write.length)).toEqual([2, 2]);
      const [renewed] = await service.getMany(session(provider), [request('15550000001@c.us')]);
      expect(picture(renewed).url).not.toBe(picture(first).url);
      expect(provider.calls).toHaveLength(4);
    });

    it('keeps answering the entry when a background revalidation fails', async () => {
      const [first] = await service.getMany(session(provider), [request('15550000001@c.us')]);
      now += HOUR + 50 * MINUTE;
      provider.answer = failing;
      await service.getMany(session(provider), [request('15550000001@c.us')]);
      await service.drain();
      const [again] = await service.getMany(session(provider), [request('15550000001@c.us')]);
      expect(picture(again)).toEqual(picture(first));
    });
  });

  it('never caches errors: the next batch asks again', async () => {
    provider.answer = () => {
      throw new AppError('UPSTREAM_UNAVAILABLE', 'down');
    };
    const [failed] = await service.getMany(session(provider), [request('15550000001@c.us')]);
    expect(failed).toBeInstanceOf(AppError);
    expect((failed as AppError).code).toBe('UPSTREAM_UNAVAILABLE');
    expect(cache.writes).toHaveLength(0);
    provider.answer = () => ({ status: 'NOT_SET', url: null, id: null, preview: false });
    const [recovered] = await service.getMany(session(provider), [request('15550000001@c.us')]);
    expect(picture(recovered).status).toBe('NOT_SET');
    expect(provider.calls).toHaveLength(2);
  });

  it('fails only the pictures whose provider call failed', async () => {
    provider.answer = (jid) => {
      if (jid.user === '15550000002') {
        throw new AppError('UPSTREAM_RATE_LIMITED', 'slow down');
      }
      return { status: 'NOT_SET', url: null, id: null, preview: false };
    };
    const results = await service.getMany(session(provider), [
      request('15550000001@c.us'),
      request('15550000002@c.us'),
      request('15550000003@c.us'),
    ]);
    expect(results.map((result) => (result instanceof AppError ? result.code : picture(result).status))).toEqual([
      'NOT_SET',
      'UPSTREAM_RATE_LIMITED',
      'NOT_SET',
    ]);
  });

  it('answers UPSTREAM_TIMEOUT at the deadline and aborts the provider call', async () => {
    service = makeService({ timeoutMs: 100 });
    let aborted = false;
    provider.answer = (_, { signal }) =>
      new Promise(() => {
        signal.addEventListener('abort', () => {
          aborted = true;
        });
      });
    const started = Date.now();
    const [result] = await service.getMany(session(provider), [request('15550000001@c.us')]);
    expect((result as AppError).code).toBe('UPSTREAM_TIMEOUT');
    expect(aborted).toBe(true);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('asks for the preview only where the provider has one, and never claims one it did not get', async () => {
    const previewProvider = new FakeProvider({ preview: true });
    const [real] = await service.getMany(session(previewProvider, 'p'), [request('15550000001@c.us', { preview: true })]);
    expect(previewProvider.calls[0]?.preview).toBe(true);
    expect(picture(real).preview).toBe(true);

    const [full] = await service.getMany(session(provider), [request('15550000001@c.us', { preview: true })]);
    expect(provider.calls[0]?.preview).toBe(false);
    expect(picture(full).preview).toBe(false);
    // Without a preview size, preview and full are one picture: one entry, one call.
    await service.getMany(session(provider), [request('15550000001@c.us')]);
    expect(provider.calls).toHaveLength(1);
  });

  it('answers a refresh from the provider, passing refresh on only where the provider has it', async () => {
    await service.getMany(session(provider), [request('15550000001@c.us')]);
    await service.getMany(session(provider), [request('15550000001@c.us', { refresh: true })]);
    expect(provider.calls.map((call) => call.refresh)).toEqual([false, true]);

    const noRefresh = new FakeProvider({ refresh: false });
    await service.getMany(session(noRefresh, 'n'), [request('15550000001@c.us', { refresh: true })]);
    expect(noRefresh.calls[0]?.refresh).toBe(false);
  });

  it('throttles refresh per picture: within the minimum interval the cached picture answers', async () => {
    service = makeService({ refreshMinIntervalMs: 60_000 });
    const [first] = await service.getMany(session(provider), [request('15550000001@c.us')]);
    const refreshes = await Promise.all(
      Array.from({ length: 5 }, () => service.getMany(session(provider), [request('15550000001@c.us', { refresh: true })])),
    );
    expect(provider.calls).toHaveLength(1);
    for (const [result] of refreshes) {
      expect(picture(result)).toEqual(picture(first));
    }
  });

  it('lets a refresh through once the cached picture is older than the interval', async () => {
    let now = Date.now();
    cache = new CountingCache(() => now, { lane });
    service = makeService({ refreshMinIntervalMs: 60_000, now: () => now });
    await service.getMany(session(provider), [request('15550000001@c.us')]);
    now += 60_001;
    const [refreshed] = await service.getMany(session(provider), [request('15550000001@c.us', { refresh: true })]);
    expect(provider.calls.map((call) => call.refresh)).toEqual([false, true]);
    expect(picture(refreshed).fetchedAt.getTime()).toBe(now);
  });

  it('shares one provider call between identical refreshes in flight', async () => {
    const release = provider.hold();
    const pending = Array.from({ length: 10 }, () => service.getMany(session(provider), [request('15550000001@c.us', { refresh: true })]));
    await vi.waitFor(() => expect(provider.inFlight).toBe(1));
    release();
    await Promise.all(pending);
    expect(provider.calls).toHaveLength(1);
  });

  it('keeps sessions apart: one session never sees what another fetched', async () => {
    const other = new FakeProvider();
    await service.getMany(session(provider, 'a'), [request('15550000001@c.us')]);
    await service.getMany(session(other, 'b'), [request('15550000001@c.us')]);
    expect(provider.calls).toHaveLength(1);
    expect(other.calls).toHaveLength(1);
  });

  it('derives a stable version from the URL path and reports NONE for an AVAILABLE answer without a URL', async () => {
    let signature = 0;
    provider.answer = (jid) =>
      jid.user === '15550000009'
        ? { status: 'AVAILABLE', url: null, id: null, preview: false }
        : { status: 'AVAILABLE', url: `https://pps.whatsapp.net/v/t61/abc_n.jpg?oh=${(signature += 1)}`, id: null, preview: false };
    const [first, empty] = await service.getMany(session(provider), [request('15550000001@c.us'), request('15550000009@c.us')]);
    const [second] = await service.getMany(session(provider), [request('15550000001@c.us', { refresh: true })]);
    expect(picture(first).url).not.toBe(picture(second).url);
    expect(picture(first).version).toBe(picture(second).version);
    expect(picture(first).id).toBe(picture(second).id);
    expect(picture(first).version).toMatch(/^[\w-]{22}$/);
    expect(picture(empty)).toMatchObject({ status: 'NONE', url: null, id: null, version: null });
  });

  it('gives both sizes of a picture without a provider id one version, from the CDN file name', async () => {
    const previewing = new FakeProvider({ preview: true });
    previewing.answer = (_, asked) => ({
      status: 'AVAILABLE',
      url: `https://pps.whatsapp.net/v/t61.24694-24/${asked.preview ? 's96x96' : 's640x640'}/123_456_n.jpg?oh=${asked.preview ? 'a' : 'b'}`,
      id: null,
      preview: asked.preview,
    });
    const [full, small] = await service.getMany(session(previewing), [
      request('15550000001@c.us'),
      request('15550000001@c.us', { preview: true }),
    ]);
    expect(picture(small).version).toBe(picture(full).version);
    expect(picture(small).id).not.toBe(picture(full).id);
  });

  it("keeps the provider's picture id as the version, and gives each size and each JID its own opaque id", async () => {
    const previewing = new FakeProvider({ preview: true });
    previewing.answer = (_, asked) => ({
      status: 'AVAILABLE',
      url: 'https://pps.whatsapp.net/a.jpg',
      id: '1635239861',
      preview: asked.preview,
    });
    const [full, small, sameAsFull, other] = await service.getMany(session(previewing), [
      request('15550000001@c.us'),
      request('15550000001@c.us', { preview: true }),
      request('15550000001@s.whatsapp.net'),
      request('15550000002@c.us'),
    ]);
    expect(picture(full).version).toBe('1635239861');
    expect(picture(small).version).toBe('1635239861');
    expect(picture(small).preview).toBe(true);
    expect(picture(full).id).not.toBe(picture(small).id);
    expect(picture(sameAsFull).id).toBe(picture(full).id);
    expect(picture(other).id).not.toBe(picture(full).id);
    expect(picture(full).id).not.toContain('1635239861');
  });
});

describe('PictureService on the in-process cache', () => {
  it('answers a hit with the cached picture itself: nothing decoded, its dates formatted once', async () => {
    const provider = new FakeProvider();
    const service = new PictureService({
      cache: new MemoryCache({ maxEntries: 100 }),
      ttl: { maxTtlMs: 24 * HOUR, negativeTtlMs: HOUR / 4, expiryMarginMs: 5 * MINUTE, staleMs: HOUR },
      gate: new ProviderGate({ concurrency: 16, timeoutMs: 2_000 }),
      refreshMinIntervalMs: 0,
      logger: capturingLogger(),
    });
    const [first] = await service.getMany(session(provider), [request('15550000001@c.us')]);
    const [second] = await service.getMany(session(provider), [request('15550000001@c.us'), request('15550000002@c.us')]);
    expect(second).toBe(first);
    expect(picture(first).fetchedAt).toBeInstanceOf(Instant);
    expect(provider.calls).toHaveLength(2);
  });
});
