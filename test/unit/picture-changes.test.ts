import { beforeEach, describe, expect, it, vi } from 'vitest';
import { parseJid, type Jid } from '../../src/pictures/jid.js';
import type { Picture } from '../../src/pictures/picture.js';
import { PictureService, type PictureRequest } from '../../src/pictures/picture-service.js';
import { NONE } from '../../src/providers/answers.js';
import { ProviderGate } from '../../src/resilience/provider-gate.js';
import type { Session } from '../../src/session.js';
import { CountingCache } from '../support/counting-cache.js';
import { FakeProvider } from '../support/fake-provider.js';
import { capturingLogger } from '../support/silent-logger.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const GROUP = '120363012345678901@g.us';

/** A CDN URL of picture `name`: its sizes differ in a directory, its fetches in the signed query. */
function cdn(name: string, preview = false, expiresInMs = 2 * 86_400_000): string {
  return `https://pps.whatsapp.net/v/t61.24694-24/${preview ? 's96x96' : 's640x640'}/${name}_n.jpg?oe=${Math.floor((Date.now() + expiresInMs) / 1000).toString(16)}&oh=01_${Math.random().toString(36).slice(2)}`;
}

function picture(result: Picture | Error | undefined): Picture {
  if (result === undefined || result instanceof Error) {
    throw new Error(`expected a picture, got ${String(result)}`);
  }
  return result;
}

/** The service's answers to provider events, and what it tells routers about changes. */
describe('PictureService: pictures that change', () => {
  let provider: FakeProvider;
  let cache: CountingCache;
  let service: PictureService;
  let changes: string[];
  let session: Session;
  let current: string;

  const request = (raw: string, options: Partial<Omit<PictureRequest, 'jid'>> = {}): PictureRequest => ({
    jid: parseJid(raw),
    preview: false,
    refresh: false,
    ...options,
  });
  const read = async (raw: string, options: Partial<Omit<PictureRequest, 'jid'>> = {}) =>
    picture((await service.getMany(session, [request(raw, options)]))[0]);

  beforeEach(() => {
    provider = new FakeProvider({ preview: true, refresh: true });
    current = 'v1';
    provider.answer = (_jid, asked) => ({
      status: 'AVAILABLE',
      url: cdn(current, asked.preview),
      id: null,
      preview: asked.preview,
    });
    cache = new CountingCache();
    changes = [];
    service = new PictureService({
      cache,
      ttl: { maxTtlMs: 24 * HOUR, negativeTtlMs: HOUR / 4, expiryMarginMs: 5 * MINUTE, staleMs: HOUR },
      gate: new ProviderGate({ concurrency: 4, timeoutMs: 2_000 }),
      refreshMinIntervalMs: 0,
      logger: capturingLogger(),
      onChange: async (changed: Session, jid: Jid) => {
        changes.push(`${changed.name} ${jid.canonical}`);
      },
    });
    session = { name: 'default', identity: 'fake|default', provider };
  });

  it('remember() keeps a picture an event carried, so the next read of either entity type costs no call', async () => {
    const url = cdn('from-event');
    expect(await service.remember(session, parseJid(GROUP), { status: 'AVAILABLE', url, id: null, preview: false })).toBe('stored');
    expect(await read(GROUP)).toMatchObject({ status: 'AVAILABLE', url, preview: false });
    expect(provider.calls).toHaveLength(0);
    // Nothing was cached before, so nothing a router holds could be older: no change to tell.
    expect(changes).toEqual([]);
  });

  it('remember() of another version replaces every size under a new stamp, and tells routers', async () => {
    const full = await read(GROUP);
    await read(GROUP, { preview: true });
    const url = cdn('v2');
    expect(await service.remember(session, parseJid(GROUP), { status: 'AVAILABLE', url, id: null, preview: false })).toBe('changed');
    expect(changes).toEqual([`default ${GROUP}`]);
    const now = await read(GROUP);
    expect(now.url).toBe(url);
    expect(now.version).not.toBe(full.version);
    expect(provider.calls).toHaveLength(2);
    // The preview is gone, and its next read asks the provider to refresh its own cache.
    current = 'v2';
    expect((await read(GROUP, { preview: true })).version).toBe(now.version);
    expect(provider.calls.at(-1)).toMatchObject({ preview: true, refresh: true });
  });

  it('remember() of the same version is unchanged: no stamp, no router call, and a fresh entry stays as it is', async () => {
    const first = await read(GROUP);
    const writes = cache.writes.length;
    expect(await service.remember(session, parseJid(GROUP), { status: 'AVAILABLE', url: cdn('v1'), id: null, preview: false })).toBe(
      'unchanged',
    );
    expect(cache.writes).toHaveLength(writes);
    expect(changes).toEqual([]);
    expect(await read(GROUP)).toEqual(first);
  });

  it('remember() of a removal keeps NONE, as a read of these providers would answer', async () => {
    await read(GROUP);
    expect(await service.remember(session, parseJid(GROUP), NONE)).toBe('changed');
    expect(await read(GROUP)).toMatchObject({ status: 'NONE', url: null, id: null, version: null });
    expect(provider.calls).toHaveLength(1);
    expect(await service.remember(session, parseJid(GROUP), NONE)).toBe('unchanged');
  });

  it('a read that was in flight when an event changed the picture cannot write the old one back', async () => {
    let answerOld!: () => void;
    const old = new Promise<void>((resolve) => {
      answerOld = resolve;
    });
    provider.answer = async () => {
      await old;
      return { status: 'AVAILABLE', url: cdn('old'), id: null, preview: false };
    };
    const inFlight = service.getMany(session, [request(GROUP)]);
    await vi.waitFor(() => expect(provider.calls).toHaveLength(1));
    const url = cdn('from-event');
    await service.remember(session, parseJid(GROUP), { status: 'AVAILABLE', url, id: null, preview: false });
    answerOld();
    expect(picture((await inFlight)[0]).url).toContain('/old_n.jpg');
    expect((await read(GROUP)).url).toBe(url);
    expect(provider.calls).toHaveLength(1);
  });

  it('cached() shows the cached picture without a provider call', async () => {
    expect(await service.cached(session, parseJid(GROUP))).toBeUndefined();
    const first = await read(GROUP);
    expect(await service.cached(session, parseJid(GROUP))).toEqual(first);
    expect(provider.calls).toHaveLength(1);
  });

  it('invalidate() tells routers, after the cache forgot the picture', async () => {
    await service.invalidate(session, parseJid(GROUP));
    expect(changes).toEqual([`default ${GROUP}`]);
  });

  it('a refresh that finds another version tells routers; one that finds the same keeps the id and tells nobody', async () => {
    const first = await read(GROUP);
    const same = await read(GROUP, { refresh: true });
    expect(same.url).not.toBe(first.url);
    expect(same.id).toBe(first.id);
    await service.drain();
    expect(changes).toEqual([]);

    current = 'v2';
    const changed = await read(GROUP, { refresh: true });
    expect(changed.id).not.toBe(first.id);
    await service.drain();
    expect(changes).toEqual([`default ${GROUP}`]);
  });

  it('a failing change listener is logged, never thrown', async () => {
    const logger = capturingLogger();
    const failing = new PictureService({
      cache,
      ttl: { maxTtlMs: HOUR, negativeTtlMs: MINUTE, expiryMarginMs: MINUTE, staleMs: 0 },
      gate: new ProviderGate({ concurrency: 1, timeoutMs: 1_000 }),
      refreshMinIntervalMs: 0,
      logger,
      onChange: async () => {
        throw new Error('router down');
      },
    });
    await failing.invalidate(session, parseJid(GROUP));
    expect(logger.lines.some((line) => line.includes('picture change listener failed'))).toBe(true);
  });

  it('freshUntil() is what the cache keeps a picture fresh for: never past its URL, less the margin', async () => {
    const fetchedAt = new Date();
    const soon = new Date(fetchedAt.getTime() + HOUR);
    const base = { url: cdn('x'), id: 'i', version: 'v', preview: false, fetchedAt };
    expect(service.freshUntil({ ...base, status: 'AVAILABLE', expiresAt: soon })).toBe(soon.getTime() - 5 * MINUTE);
    expect(service.freshUntil({ ...base, status: 'AVAILABLE', expiresAt: null })).toBe(fetchedAt.getTime() + 24 * HOUR);
    expect(service.freshUntil({ ...base, status: 'NONE', url: null, expiresAt: null })).toBe(fetchedAt.getTime() + HOUR / 4);
    // A URL already expired when fetched: no freshness at all.
    expect(service.freshUntil({ ...base, status: 'AVAILABLE', expiresAt: new Date(fetchedAt.getTime() - 1) })).toBe(fetchedAt.getTime());
  });
});
