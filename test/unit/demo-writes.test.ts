import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { parseJid } from '../../src/pictures/jid.js';
import { DemoProvider, parseStoredDemoPictureUrl } from '../../src/providers/demo.js';
import type { GroupPictureImage } from '../../src/providers/provider.js';
import { writeCode, writeOutcome } from '../support/provider-session.js';
import { NOT_AN_IMAGE, testJpeg, testPng } from '../support/test-images.js';

const now = Date.UTC(2026, 10, 22, 5, 30);
const signal = new AbortController().signal;

function demo(maxStoredGroups?: number) {
  const provider = new DemoProvider({
    baseUrl: () => 'http://pictures.test',
    session: 'team-a',
    now: () => now,
    ...(maxStoredGroups ? { maxStoredGroups } : {}),
  });
  return {
    provider,
    fetch: (raw: string, preview = false) => provider.fetchPicture({ jid: parseJid(raw), preview, refresh: false, signal }),
    set: (raw: string, image: GroupPictureImage) => provider.setGroupPicture({ jid: parseJid(raw), image, signal }),
    delete: (raw: string) => provider.deleteGroupPicture({ jid: parseJid(raw), signal }),
  };
}

const bytes = (jpeg: Buffer): GroupPictureImage => ({ form: 'bytes', bytes: jpeg, mimetype: 'image/jpeg' });

describe('DemoProvider writes', () => {
  it('declares bytes and delete', () => {
    expect(demo().provider.capabilities).toMatchObject({ setGroupPicture: ['bytes'], deleteGroupPicture: true });
  });

  it('serves a set picture from its own route, under an id that changes on every set', async () => {
    const { provider, fetch, set } = demo();
    const group = '120363012345678907@g.us';
    expect((await fetch(group)).status).toBe('NOT_SET');
    const jpeg = await testJpeg();

    const first = await set(group, bytes(jpeg));
    const shown = await fetch(group);
    expect(shown).toMatchObject({ status: 'AVAILABLE', id: first.pictureId, preview: false });
    const url = new URL(shown.url ?? '');
    expect(url.origin).toBe('http://pictures.test');
    expect(url.pathname).toBe(`/demo-pictures/team-a/${group}/${first.pictureId}/full.jpg`);
    expect(parseStoredDemoPictureUrl(url.pathname, url.searchParams)).toMatchObject({
      session: 'team-a',
      version: first.pictureId,
      size: 'full',
      expiresAt: Number.parseInt(url.searchParams.get('oe') ?? '', 16) * 1000,
    });
    expect(provider.storedPicture(parseJid(group), first.pictureId ?? '', 'full')?.equals(jpeg)).toBe(true);

    const second = await set(group, bytes(jpeg));
    expect(second.pictureId).not.toBe(first.pictureId);
    expect((await fetch(group)).id).toBe(second.pictureId);
    expect(provider.storedPicture(parseJid(group), first.pictureId ?? '', 'full')).toBeNull();
  });

  it('makes a real 96 px JPEG preview at set time', async () => {
    const { provider, fetch, set } = demo();
    const group = '120363012345678901@g.us';
    const { pictureId } = await set(group, bytes(await testJpeg()));
    const preview = await fetch(group, true);
    expect(preview).toMatchObject({ status: 'AVAILABLE', preview: true });
    expect(preview.url).toContain(`/${pictureId}/preview.jpg?oe=`);
    const stored = provider.storedPicture(parseJid(group), pictureId ?? '', 'preview');
    expect(await sharp(stored ?? Buffer.alloc(0)).metadata()).toMatchObject({ format: 'jpeg', width: 96, height: 96 });
  });

  it('shows a removed picture as NOT_SET until the group is set again', async () => {
    const { fetch, set, delete: remove } = demo();
    const group = '120363012345678902@g.us';
    expect((await fetch(group)).status).toBe('AVAILABLE');
    expect(await remove(group)).toEqual({ pictureId: null });
    expect(await fetch(group)).toEqual({ status: 'NOT_SET', url: null, id: null, preview: false });
    await set(group, bytes(await testJpeg()));
    expect((await fetch(group)).status).toBe('AVAILABLE');
  });

  it('keeps at most maxStoredGroups groups, forgetting the one set least recently', async () => {
    const { provider, fetch, set } = demo(2);
    const jpeg = await testJpeg();
    const [a, b, c] = ['120363000000000106@g.us', '120363000000000206@g.us', '120363000000000306@g.us'];
    await set(a as string, bytes(jpeg));
    await set(b as string, bytes(jpeg));
    await set(a as string, bytes(jpeg)); // a is now the most recently set
    await fetch(b as string); // reads do not count as use
    await set(c as string, bytes(jpeg));
    expect((await fetch(a as string)).status).toBe('AVAILABLE');
    expect((await fetch(c as string)).status).toBe('AVAILABLE');
    // b was set least recently: forgotten, it shows its generated answer (last digit 6: NOT_SET) again.
    expect((await fetch(b as string)).status).toBe('NOT_SET');
    expect(provider.storedPicture(parseJid(b as string), 'x', 'full')).toBeNull();
  });

  it('refuses what it cannot keep: a URL, a non-JPEG, an oversized body, a person', async () => {
    const { set, delete: remove } = demo();
    const group = '120363012345678903@g.us';
    expect(await writeCode(set(group, { form: 'url', url: 'https://images.example/a.jpg' }))).toBe('NOT_SUPPORTED_BY_PROVIDER');
    expect(await writeOutcome(set(group, bytes(NOT_AN_IMAGE)))).toMatchObject({ kind: 'refused', code: 'INVALID_IMAGE', field: ['image'] });
    expect(await writeCode(set(group, bytes(await testPng())))).toBe('INVALID_IMAGE');
    expect(await writeCode(set(group, bytes(Buffer.concat([await testJpeg(), Buffer.alloc(300 * 1024)]))))).toBe('IMAGE_TOO_LARGE');
    expect(await writeCode(set('15550000001@c.us', bytes(await testJpeg())))).toBe('INVALID_GROUP_ID');
    expect(await writeCode(remove('15550000001@c.us'))).toBe('INVALID_GROUP_ID');
  });

  it('reads back no stored-picture URL it would not hand out', () => {
    const oe = new URLSearchParams('oe=6b02d940');
    const group = '120363012345678901@g.us';
    expect(parseStoredDemoPictureUrl(`/demo-pictures/team-a/${group}/1-0123456789/full.jpg`, oe)).not.toBeNull();
    expect(parseStoredDemoPictureUrl(`/demo-pictures/team-a/15550000001@c.us/1-0123456789/full.jpg`, oe)).toBeNull();
    expect(parseStoredDemoPictureUrl(`/demo-pictures/team-a/${group}/1-0123456789/huge.jpg`, oe)).toBeNull();
    expect(parseStoredDemoPictureUrl(`/demo-pictures/team a/${group}/1-0123456789/full.jpg`, oe)).toBeNull();
    expect(parseStoredDemoPictureUrl(`/demo-pictures/team-a/${group}/../full.jpg`, oe)).toBeNull();
    expect(parseStoredDemoPictureUrl(`/demo-pictures/team-a/${group}/1-0123456789/full.jpg`, new URLSearchParams())).toBeNull();
  });
});
