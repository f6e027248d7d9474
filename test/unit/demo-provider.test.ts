import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { parseJid } from '../../src/pictures/jid.js';
import { renderDemoAvatar } from '../../src/providers/demo-avatar.js';
import { DemoProvider, parseDemoPictureUrl } from '../../src/providers/demo.js';

const now = Date.UTC(2026, 10, 22, 5, 30);
const provider = new DemoProvider({ baseUrl: () => 'http://pictures.test', now: () => now });
const signal = new AbortController().signal;

function fetch(raw: string, preview = false) {
  return provider.fetchPicture({ jid: parseJid(raw), preview, refresh: false, signal });
}

describe('DemoProvider', () => {
  it.each([
    ['15550000000@c.us', 'AVAILABLE'],
    ['15550000005@lid', 'AVAILABLE'],
    ['15550000006@c.us', 'NOT_SET'],
    ['120363012345678907@g.us', 'NOT_SET'],
    ['15550000008@s.whatsapp.net', 'HIDDEN'],
    ['15550000001-1600000009@g.us', 'HIDDEN'],
  ])('answers %s with %s, by its last digit', async (raw, status) => {
    expect((await fetch(raw)).status).toBe(status);
  });

  it('hands out URLs of its own image route that expire like WhatsApp CDN URLs', async () => {
    const answer = await fetch('15550000001@c.us');
    const url = new URL(answer.url ?? '');
    expect(url.origin).toBe('http://pictures.test');
    expect(url.pathname).toBe('/demo-pictures/15550000001@s.whatsapp.net/full.jpg');
    const expiresAt = Number.parseInt(url.searchParams.get('oe') ?? '', 16) * 1000;
    expect(expiresAt - now).toBeGreaterThanOrEqual(6 * 3_600_000);
    expect(expiresAt - now).toBeLessThanOrEqual(12 * 3_600_000);
    expect(parseDemoPictureUrl(url.pathname, url.searchParams)).toMatchObject({ size: 'full', expiresAt });
  });

  it('has a real preview size', async () => {
    const answer = await fetch('15550000001@c.us', true);
    expect(answer.preview).toBe(true);
    expect(answer.url).toContain('/preview.jpg?');
  });

  it('reads back no URL it would not hand out', () => {
    const query = new URLSearchParams('oe=6b02d940');
    expect(parseDemoPictureUrl('/demo-pictures/15550000008@c.us/full.jpg', query)).toBeNull();
    expect(parseDemoPictureUrl('/demo-pictures/garbage/full.jpg', query)).toBeNull();
    expect(parseDemoPictureUrl('/demo-pictures/15550000001@c.us/huge.jpg', query)).toBeNull();
    expect(parseDemoPictureUrl('/demo-pictures/15550000001@c.us/full.svg', query)).toBeNull();
    expect(parseDemoPictureUrl('/demo-pictures/15550000001@c.us/full.jpg', new URLSearchParams())).toBeNull();
  });

  it("draws distinct square JPEGs for people and groups, in each JID's colour", async () => {
    const person = await renderDemoAvatar(parseJid('15550000001@c.us'), 'full');
    const group = await renderDemoAvatar(parseJid('120363012345678901@g.us'), 'preview');
    expect(await sharp(person).metadata()).toMatchObject({ format: 'jpeg', width: 640, height: 640 });
    expect(await sharp(group).metadata()).toMatchObject({ format: 'jpeg', width: 96, height: 96 });
    const corner = async (bytes: Buffer) => [...(await sharp(bytes).extract({ left: 2, top: 2, width: 1, height: 1 }).raw().toBuffer())];
    const others = await Promise.all(
      ['15550000002@c.us', '15550000003@c.us', '15550000004@c.us'].map(async (id) =>
        corner(await renderDemoAvatar(parseJid(id), 'preview')),
      ),
    );
    expect(new Set([await corner(person), ...others].map((colour) => colour.join()))).not.toHaveProperty('size', 1);
    expect((await renderDemoAvatar(parseJid('15550000001@c.us'), 'full')).equals(person)).toBe(true);
  });
});
