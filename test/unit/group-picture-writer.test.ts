import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryCache } from '../../src/cache/memory-cache.js';
import { AppError, Refusal } from '../../src/errors.js';
import { GroupPictureWriter } from '../../src/pictures/group-picture-writer.js';
import { parseJid } from '../../src/pictures/jid.js';
import { PictureService } from '../../src/pictures/picture-service.js';
import { ProviderGate } from '../../src/resilience/provider-gate.js';
import type { Session } from '../../src/session.js';
import { FakeImages } from '../support/fake-images.js';
import { FakeProvider } from '../support/fake-provider.js';
import { capturingLogger } from '../support/silent-logger.js';

const GROUP = '120363012345678901@g.us';
const SECOND = 1_000;
const INTERVAL_MS = 10 * SECOND;

describe('GroupPictureWriter', () => {
  let now: number;
  let cache: MemoryCache;
  let images: FakeImages;
  let provider: FakeProvider;
  let writer: GroupPictureWriter;
  let pictures: PictureService;

  function make(minIntervalMs = INTERVAL_MS): GroupPictureWriter {
    const gate = new ProviderGate({ concurrency: 4, timeoutMs: 2_000 });
    pictures = new PictureService({
      cache,
      gate,
      ttl: { maxTtlMs: 3_600_000, negativeTtlMs: 60_000, expiryMarginMs: 60_000, staleMs: 0 },
      refreshMinIntervalMs: 0,
      logger: capturingLogger(),
      now: () => now,
    });
    return new GroupPictureWriter({
      pictures,
      gate,
      cache,
      images,
      minIntervalMs,
      writeLeaseMs: 30 * SECOND,
      logger: capturingLogger(),
      now: () => now,
    });
  }

  function session(of: FakeProvider = provider): Session {
    return { name: 'default', identity: 'fake|default', provider: of };
  }

  beforeEach(() => {
    // The fake provider signs its URLs for two hours from the real clock.
    now = Date.now();
    cache = new MemoryCache({ maxEntries: 1_000, now: () => now });
    images = new FakeImages();
    provider = new FakeProvider();
    writer = make();
  });

  it('sends a provider that takes bytes our normalised JPEG, never the caller’s bytes, whatever the input form', async () => {
    expect(await writer.set(session(), GROUP, { url: 'https://images.example/a.png' })).toEqual({
      groupId: GROUP,
      changed: true,
      refusals: [],
    });
    now += INTERVAL_MS;
    await writer.set(session(), GROUP, { base64: 'iVBORw0KGgo=' });
    expect(images.asked).toEqual(['url https://images.example/a.png', 'normalise 800x600', 'base64', 'normalise 800x600']);
    expect(provider.writes.map((write) => write.image)).toEqual([
      { form: 'bytes', bytes: Buffer.from('normalised jpeg'), mimetype: 'image/jpeg' },
      { form: 'bytes', bytes: Buffer.from('normalised jpeg'), mimetype: 'image/jpeg' },
    ]);
  });

  it('checks the image behind a URL, then hands the URL to a provider that takes nothing else', async () => {
    const urlOnly = new FakeProvider({ setGroupPicture: ['url'] });
    await writer.set(session(urlOnly), GROUP, { url: 'https://images.example/a.png' });
    expect(images.asked).toEqual(['url https://images.example/a.png']);
    expect(urlOnly.writes.map((write) => write.image)).toEqual([{ form: 'url', url: 'https://images.example/a.png' }]);
  });

  it.each([
    ['a person', '15550000001@c.us'],
    ['nonsense', 'not a jid'],
  ])('refuses %s as the group id, without any I/O', async (_, groupId) => {
    const change = await writer.set(session(), groupId, { url: 'https://images.example/a.png' });
    expect(change).toMatchObject({ groupId: null, changed: false });
    expect(change.refusals.map((refusal) => [refusal.code, refusal.field])).toEqual([['INVALID_GROUP_ID', ['groupId']]]);
    expect(images.asked).toEqual([]);
    expect(provider.writes).toEqual([]);
  });

  it.each([
    ['both', { url: 'https://images.example/a.png', base64: 'AAAA' }],
    ['neither', {}],
    ['neither, as nulls', { url: null, base64: null }],
  ])('refuses %s of url and base64 as INVALID_IMAGE on the image field', async (_, image) => {
    const change = await writer.set(session(), GROUP, image);
    expect(change.refusals.map((refusal) => [refusal.code, refusal.field])).toEqual([['INVALID_IMAGE', ['image']]]);
    expect(images.asked).toEqual([]);
    expect(provider.writes).toEqual([]);
  });

  it('refuses what the provider cannot do before fetching anything or calling it', async () => {
    const readOnly = new FakeProvider({ setGroupPicture: [], deleteGroupPicture: false });
    const urlOnly = new FakeProvider({ setGroupPicture: ['url'] });
    const outcomes = [
      await writer.set(session(readOnly), GROUP, { url: 'https://images.example/a.png' }),
      await writer.delete(session(readOnly), GROUP),
      await writer.set(session(urlOnly), GROUP, { base64: 'AAAA' }),
    ];
    expect(outcomes.map((change) => change.refusals.map((refusal) => [refusal.code, refusal.field]))).toEqual([
      [['NOT_SUPPORTED_BY_PROVIDER', null]],
      [['NOT_SUPPORTED_BY_PROVIDER', null]],
      [['NOT_SUPPORTED_BY_PROVIDER', ['image', 'base64']]],
    ]);
    expect(outcomes.every((change) => change.groupId === GROUP && !change.changed)).toBe(true);
    expect(images.asked).toEqual([]);
    expect([...readOnly.writes, ...urlOnly.writes]).toEqual([]);
  });

  it('tags an image refusal with its input field, calls no provider, and lets the caller try again at once', async () => {
    images.fetched = () => {
      throw new Refusal('FORBIDDEN_IMAGE_URL', 'private address');
    };
    const change = await writer.set(session(), GROUP, { url: 'https://10.0.0.1/a.png' });
    expect(change.refusals.map((refusal) => [refusal.code, refusal.field])).toEqual([['FORBIDDEN_IMAGE_URL', ['image', 'url']]]);
    expect(provider.writes).toEqual([]);

    images.fetched = new FakeImages().fetched;
    expect((await writer.set(session(), GROUP, { url: 'https://images.example/a.png' })).changed).toBe(true);
  });

  it('spaces the changes of one group by the minimum interval, and says when to retry', async () => {
    await writer.set(session(), GROUP, { url: 'https://images.example/a.png' });
    now += 4 * SECOND;
    const tooSoon = await writer.delete(session(), GROUP);
    expect(tooSoon.refusals.map((refusal) => [refusal.code, refusal.retryAt?.getTime()])).toEqual([['RATE_LIMITED', now + 6 * SECOND]]);
    expect(provider.writes).toHaveLength(1);

    // Other groups are not held back.
    expect((await writer.delete(session(), '120363012345678902@g.us')).changed).toBe(true);
    now += 6 * SECOND;
    expect((await writer.delete(session(), GROUP)).changed).toBe(true);
  });

  it('lets through at once when the minimum interval is zero', async () => {
    writer = make(0);
    await writer.set(session(), GROUP, { url: 'https://images.example/a.png' });
    expect((await writer.set(session(), GROUP, { url: 'https://images.example/b.png' })).changed).toBe(true);
  });

  it('runs one change of a group at a time: a second one while the first is in flight is RATE_LIMITED', async () => {
    let finish!: () => void;
    provider.setAnswer = () =>
      new Promise((resolve) => {
        finish = () => resolve({ pictureId: '1' });
      });
    const first = writer.set(session(), GROUP, { url: 'https://images.example/a.png' });
    await expect.poll(() => provider.writes.length).toBe(1);
    const second = await writer.set(session(), GROUP, { url: 'https://images.example/b.png' });
    expect(second.refusals.map((refusal) => refusal.code)).toEqual(['RATE_LIMITED']);
    finish();
    expect((await first).changed).toBe(true);
    expect(provider.writes).toHaveLength(1);
  });

  it("keeps the group's writes paused until a throttling provider's retry time", async () => {
    provider.setAnswer = () => {
      throw new Refusal('RATE_LIMITED', 'WhatsApp is throttling', { retryAt: new Date(now + 30 * SECOND) });
    };
    const throttled = await writer.set(session(), GROUP, { url: 'https://images.example/a.png' });
    expect(throttled.refusals.map((refusal) => refusal.code)).toEqual(['RATE_LIMITED']);
    provider.setAnswer = () => ({ pictureId: '2' });
    now += 20 * SECOND;
    const stillPaused = await writer.set(session(), GROUP, { url: 'https://images.example/a.png' });
    expect(stillPaused.refusals.map((refusal) => [refusal.code, refusal.retryAt?.getTime()])).toEqual([
      ['RATE_LIMITED', now + 10 * SECOND],
    ]);
    expect(provider.writes).toHaveLength(1);
  });

  it('lets an infrastructure failure through as an error, once, and gives the lease back', async () => {
    provider.deleteAnswer = () => {
      throw new AppError('UPSTREAM_UNAVAILABLE', 'down');
    };
    await expect(writer.delete(session(), GROUP)).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    expect(provider.writes).toHaveLength(1);
    provider.deleteAnswer = () => ({ pictureId: null });
    expect((await writer.delete(session(), GROUP)).changed).toBe(true);
  });

  it('forgets the cached picture after a change, so the next read asks a caching provider to refresh', async () => {
    writer = make(0);
    const read = () => pictures.getMany(session(), [{ jid: parseJid(GROUP), preview: false, refresh: false }]);
    await read();
    await read();
    expect(provider.calls.map((call) => call.refresh)).toEqual([false]);
    await writer.set(session(), GROUP, { url: 'https://images.example/a.png' });
    await read();
    expect(provider.calls.map((call) => call.refresh)).toEqual([false, true]);
  });
});
