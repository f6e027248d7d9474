import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FsPictureStore } from '../../src/store/fs-store.js';
import { startWahaEmulator } from '../emulators/waha.js';
import { pictureColour, startWhatsAppCdn, type WhatsAppCdn } from '../emulators/whatsapp-cdn.js';
import { decoded, hostedPicture, near, startHostingWorld, view, type HostingWorld } from '../support/hosting-world.js';
import { startSubgraph, type RunningSubgraph } from '../support/start-subgraph.js';

const DAY_MS = 86_400_000;

/** Every file under a directory, relative to it. */
function files(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(root.length + 1))
    .sort();
}

/** GoWA's current picture id for a user: the picture's version. */
function pictureIdOf(world: HostingWorld, user: string): string {
  const picture = world.gowa.world.lookup(user);
  if (picture.kind !== 'picture') {
    throw new Error(`${user} has no picture`);
  }
  return picture.pictureId;
}

describe('hosted pictures with a provider emulator and its CDN on loopback', () => {
  let world: HostingWorld;
  let subgraph: RunningSubgraph;
  let offset = 0;
  const clock = () => Date.now() + offset;

  beforeAll(async () => {
    world = await startHostingWorld();
    subgraph = await startSubgraph({ env: world.env, hostingClock: clock });
  });
  afterAll(async () => {
    await subgraph?.close();
    await world?.close();
  });

  it('serves the right image, WebP or JPEG, full and small, after the CDN URL has expired', async () => {
    const user = '4915550000011';
    const picture = await hostedPicture(subgraph.url, `${user}@c.us`);
    expect(picture.status).toBe('AVAILABLE');
    expect(picture.hostedUrl).toMatch(new RegExp(`^${subgraph.url}/pictures/[\\w-]{22}/[\\w-]{22}/full$`));
    expect(picture.displayUrl).toBe(picture.hostedUrl);
    // Neither the phone number nor the session's credentials appear in our URLs.
    for (const url of [picture.hostedUrl, picture.small]) {
      expect(url).not.toContain(user);
      expect(url).not.toContain(world.gowa.basicAuth?.password ?? 'never');
    }

    const full = await view(picture.hostedUrl as string);
    expect(full.status).toBe(200);
    expect(full.type).toBe('image/webp');
    const image = await decoded(full.bytes);
    expect(image).toMatchObject({ format: 'webp', width: 640, height: 640, exif: false });
    expect(near(image.centre, pictureColour(pictureIdOf(world, user)))).toBe(true);
    expect(await decoded((await view(picture.small as string)).bytes)).toMatchObject({ format: 'webp', width: 96, height: 96 });
    // A client whose Accept does not name WebP gets JPEG.
    const jpeg = await view(picture.hostedUrl as string, '*/*');
    expect(jpeg.type).toBe('image/jpeg');
    expect(await decoded(jpeg.bytes)).toMatchObject({ format: 'jpeg', width: 640, height: 640 });

    // Two days on, the CDN's signature has expired; our URL has not.
    world.cdn.clock.now = () => Date.now() + 3 * DAY_MS;
    try {
      expect((await fetch(picture.url as string)).status).toBe(403);
      const later = await view(picture.hostedUrl as string);
      expect(later.status).toBe(200);
      expect(later.etag).toBe(full.etag);
      expect(later.bytes.equals(full.bytes)).toBe(true);
    } finally {
      world.cdn.clock.now = Date.now;
    }
    expect(world.cdn.served(pictureIdOf(world, user))).toBe(1);
  });

  it('answers with immutable caching, a strong ETag and 304, nosniff and a restrictive policy', async () => {
    const picture = await hostedPicture(subgraph.url, '4915550000021@c.us');
    const first = await view(picture.hostedUrl as string);
    expect(first.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(first.etag).toMatch(/^"[\w-]{32}"$/);
    expect(first.headers.get('x-content-type-options')).toBe('nosniff');
    expect(first.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(first.headers.get('vary')).toBe('Accept');
    const again = await fetch(picture.hostedUrl as string, { headers: { accept: 'image/webp', 'if-none-match': first.etag as string } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    const head = await fetch(picture.hostedUrl as string, { method: 'HEAD', headers: { accept: 'image/webp' } });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(first.bytes.length));
  });

  it('does not download a picture again when its CDN URL was re-signed', async () => {
    const user = '4915550000031';
    const first = await hostedPicture(subgraph.url, `${user}@c.us`);
    expect((await view(first.hostedUrl as string)).status).toBe(200);
    const resigned = await hostedPicture(subgraph.url, `${user}@c.us`, true);
    expect(resigned.url).not.toBe(first.url);
    expect(resigned.version).toBe(first.version);
    expect(resigned.hostedUrl).toBe(first.hostedUrl);
    expect((await view(resigned.hostedUrl as string)).status).toBe(200);
    expect((await view(resigned.small as string)).status).toBe(200);
    expect(world.cdn.served(pictureIdOf(world, user))).toBe(1);
  });

  it('gives a changed picture a new hosted URL, and keeps serving the old one for the retention period', async () => {
    const user = '4915550000041';
    const before = await hostedPicture(subgraph.url, `${user}@c.us`);
    const old = await view(before.hostedUrl as string);
    world.gowa.world.set(user, { kind: 'picture', pictureId: '1770000000041' });
    const after = await hostedPicture(subgraph.url, `${user}@c.us`, true);
    expect(after.version).toBe('1770000000041');
    expect(after.hostedUrl).not.toBe(before.hostedUrl);
    const changed = await view(after.hostedUrl as string);
    expect(changed.status).toBe(200);
    expect(near((await decoded(changed.bytes)).centre, pictureColour('1770000000041'))).toBe(true);
    expect(world.cdn.served('1770000000041')).toBe(1);
    const stillOld = await view(before.hostedUrl as string);
    expect(stillOld.status).toBe(200);
    expect(stillOld.bytes.equals(old.bytes)).toBe(true);
  });

  it('answers 404 to unknown and malformed paths without asking the provider or the CDN', async () => {
    const picture = await hostedPicture(subgraph.url, '4915550000051@c.us');
    const sessionKey = new URL(picture.hostedUrl as string).pathname.split('/')[2] as string;
    const reads = world.avatarReads();
    const downloads = world.cdn.downloads.length;
    const paths = [
      '/pictures/',
      '/pictures/nothing',
      '/pictures/../../etc/passwd',
      '/pictures/%2e%2e/%2e%2e/etc/passwd',
      `/pictures/${'A'.repeat(22)}/${'B'.repeat(22)}/full`,
      `/pictures/${sessionKey}/${'B'.repeat(22)}/full`,
      `/pictures/${sessionKey}/${'B'.repeat(22)}/huge`,
      `${new URL(picture.hostedUrl as string).pathname}.webp`,
      '/pictures/initials/AAAAAAAAAAAAAAAA/full/ms.svg',
      '/pictures/initials/AAAAAAAAAAAAAAAA/full/%3Cb%3E.svg',
      '/pictures/identicons/short/full.svg',
    ];
    for (const path of paths) {
      const response = await fetch(`${subgraph.url}${path}`);
      expect([path, response.status]).toEqual([path, 404]);
    }
    expect(world.avatarReads()).toBe(reads);
    expect(world.cdn.downloads.length).toBe(downloads);
  });

  it('stops serving a picture nobody asked for within the retention period, and the sweep removes its files', async () => {
    const kept = await hostedPicture(subgraph.url, '4915550000061@c.us');
    const dropped = await hostedPicture(subgraph.url, '4915550000071@c.us');
    expect((await view(kept.hostedUrl as string)).status).toBe(200);
    expect((await view(dropped.hostedUrl as string)).status).toBe(200);
    offset = 20 * DAY_MS;
    try {
      // Asked for again within the 30 days: kept.
      expect((await hostedPicture(subgraph.url, '4915550000061@c.us', true)).hostedUrl).toBe(kept.hostedUrl);
      offset = 31 * DAY_MS;
      expect((await view(dropped.hostedUrl as string)).status).toBe(404);
      expect((await view(kept.hostedUrl as string)).status).toBe(200);
      const swept = await subgraph.app.hosting.sweep();
      expect(swept.removed).toBeGreaterThanOrEqual(1);
      const droppedKey = new URL(dropped.hostedUrl as string).pathname.split('/')[3] as string;
      const keptKey = new URL(kept.hostedUrl as string).pathname.split('/')[3] as string;
      const store = subgraph.app.hosting.store;
      expect(store).toBeInstanceOf(FsPictureStore);
      const left = files((store as FsPictureStore).root);
      expect(left.some((file) => file.includes(droppedKey))).toBe(false);
      // Its record and four files: full and small, WebP and JPEG.
      expect(left.filter((file) => file.includes(keptKey))).toHaveLength(5);
    } finally {
      offset = 0;
    }
  });
});

describe('two replicas sharing one picture store', () => {
  let world: HostingWorld;
  const replicas: RunningSubgraph[] = [];

  beforeAll(async () => {
    world = await startHostingWorld();
    const shared = { ...world.env, PICTURE_STORE_DIR: mkdtempSync(join(tmpdir(), 'shared-store-')) };
    replicas.push(await startSubgraph({ env: shared }), await startSubgraph({ env: shared }));
  });
  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.close()));
    await world?.close();
  });

  it('downloads each version once, whichever replica is asked and however often', async () => {
    const [a, b] = replicas as [RunningSubgraph, RunningSubgraph];
    const user = '4915550000081';
    const fromA = await hostedPicture(a.url, `${user}@c.us`);
    const fromB = await hostedPicture(b.url, `${user}@c.us`);
    // Each replica asked the provider itself (their caches are their own) and got its own signature.
    expect(fromB.url).not.toBe(fromA.url);
    const path = (url: string | null) => new URL(url as string).pathname;
    expect(path(fromB.hostedUrl)).toBe(path(fromA.hostedUrl));
    const views = await Promise.all([
      view(fromA.hostedUrl as string),
      view(fromB.hostedUrl as string),
      view(fromA.small as string),
      view(fromB.small as string),
    ]);
    expect(views.map((viewed) => viewed.status)).toEqual([200, 200, 200, 200]);
    expect(views[0]?.etag).toBe(views[1]?.etag);
    expect((await view(fromB.hostedUrl as string, '*/*')).type).toBe('image/jpeg');
    expect(world.cdn.served(pictureIdOf(world, user))).toBe(1);
  });
});

describe('the demo provider, as npm start runs it', () => {
  let subgraph: RunningSubgraph;

  beforeAll(async () => {
    subgraph = await startSubgraph();
  });
  afterAll(async () => {
    await subgraph?.close();
  });

  it('serves raster pictures like a CDN and hosts them through the same intake', async () => {
    const picture = await hostedPicture(subgraph.url, '15550000001@c.us');
    const cdn = await view(picture.url as string);
    expect(cdn.type).toBe('image/jpeg');
    expect(await decoded(cdn.bytes)).toMatchObject({ format: 'jpeg', width: 640, height: 640 });
    const hosted = await view(picture.hostedUrl as string);
    expect(hosted.type).toBe('image/webp');
    expect(await decoded(hosted.bytes)).toMatchObject({ format: 'webp', width: 640, height: 640 });
    const ready = (await (await fetch(`${subgraph.url}/ready`)).json()) as { checks: Record<string, string> };
    expect(ready.checks.pictureStore).toBe('ok');
  });
});

describe('a provider without picture ids (WAHA): the version is the CDN file name', () => {
  let waha: Awaited<ReturnType<typeof startWahaEmulator>>;
  let cdn: WhatsAppCdn;
  let subgraph: RunningSubgraph;

  beforeAll(async () => {
    waha = await startWahaEmulator();
    cdn = await startWhatsAppCdn(waha.world);
    subgraph = await startSubgraph({
      env: {
        WA_PROVIDER: 'waha',
        WA_BASE_URL: waha.emulator.url,
        WA_API_KEY: waha.apiKey ?? '',
        PICTURE_SOURCE_HOSTS: cdn.host,
        IMAGE_FETCH_ALLOW_HOSTS: cdn.host,
        REFRESH_MIN_INTERVAL_SECONDS: '0',
      },
    });
  });
  afterAll(async () => {
    await subgraph?.close();
    await cdn?.close();
    await waha?.emulator.close();
  });

  it('keeps one hosted URL and one download while WAHA hands out re-signed URLs', async () => {
    const user = '4915550000301';
    const first = await hostedPicture(subgraph.url, `${user}@c.us`);
    expect((await view(first.hostedUrl as string)).status).toBe(200);
    const resigned = await hostedPicture(subgraph.url, `${user}@c.us`, true);
    expect(resigned.url).not.toBe(first.url);
    expect(resigned.hostedUrl).toBe(first.hostedUrl);
    expect((await view(resigned.hostedUrl as string)).status).toBe(200);
    const picture = waha.world.lookup(user);
    expect(cdn.served(picture.kind === 'picture' ? picture.pictureId : '')).toBe(1);
  });
});
