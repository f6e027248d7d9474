import type { Locator, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { leftTheHost, openBrowser, screenshot, type RecordedBrowser } from '../support/browser.js';
import { startImageServer, type ImageServer } from '../support/image-server.js';
import type { RunningSubgraph } from '../support/start-subgraph.js';
import { subgraphsForSuite } from '../support/suite-subgraphs.js';
import { testPng } from '../support/test-images.js';

// A chat (no controls: only groups' pictures can be changed), a demo group without a picture and
// one with a generated picture (demo JIDs: last digit 0–5 a picture, 6–7 none).
const CHAT = '15550000001@c.us';
const GROUP = '120363000000000007@g.us';
const GROUP_WITH_PICTURE = '120363000000000004@g.us';

const ORANGE = '#EF6C00';
const INDIGO = '#5C6BC0';

interface GalleryPayload {
  group: { id: string; picture: { status: string; url: string | null; preview: boolean; displayUrl: string } | null } | null;
  userErrors: Array<{ code: string; message: string }>;
}

interface GalleryAnswer {
  data?: { setGroupPicture?: GalleryPayload; deleteGroupPicture?: GalleryPayload } | null;
}

/** The answer to the next mutation the page sends, as the page received it; call before acting. */
async function nextPayload(page: Page, field: 'setGroupPicture' | 'deleteGroupPicture'): Promise<GalleryPayload> {
  const response = await page.waitForResponse(
    (candidate) => candidate.url().endsWith('/graphql') && (candidate.request().postData() ?? '').includes(field),
    { timeout: 20_000 },
  );
  const payload = ((await response.json()) as GalleryAnswer).data?.[field];
  if (payload === undefined) {
    throw new Error(`the page's ${field} came back without its payload`);
  }
  return payload;
}

function card(page: Page, id: string): Locator {
  return page.locator(`figure[data-id="${id}"]`);
}

/** The card's image once loaded: its src, natural width and the RGB at its centre (same origin, so readable). */
async function shownImage(figure: Locator): Promise<{ src: string; width: number; centre: number[] }> {
  const image = figure.locator('img');
  await expect.poll(() => image.evaluate((element: HTMLImageElement) => (element.complete ? element.naturalWidth : 0))).toBeGreaterThan(0);
  return image.evaluate((element: HTMLImageElement) => {
    const canvas = document.createElement('canvas');
    canvas.width = element.naturalWidth;
    canvas.height = element.naturalHeight;
    const context = canvas.getContext('2d') as CanvasRenderingContext2D;
    context.drawImage(element, 0, 0);
    const centre = context.getImageData(canvas.width / 2, canvas.height / 2, 1, 1).data;
    return { src: element.src, width: element.naturalWidth, centre: [centre[0] ?? 0, centre[1] ?? 0, centre[2] ?? 0] };
  });
}

function rgb(hex: string): number[] {
  return [1, 3, 5].map((start) => Number.parseInt(hex.slice(start, start + 2), 16));
}

/** The colour that was sent, after the subgraph's JPEG re-encoding: each channel within a few steps. */
function expectColour(actual: number[], hex: string): void {
  const expected = rgb(hex);
  actual.forEach((channel, index) => expect(Math.abs(channel - (expected[index] ?? 0))).toBeLessThanOrEqual(12));
}

describe('changing group pictures in the demo gallery, in a real browser', () => {
  let images: ImageServer;
  let browser: RecordedBrowser | undefined;
  const subgraph = subgraphsForSuite();

  async function openGallery(running: RunningSubgraph): Promise<RecordedBrowser> {
    browser = await openBrowser();
    await browser.page.goto(`${running.url}/demo?ids=${[CHAT, GROUP, GROUP_WITH_PICTURE].join(',')}`);
    await expect.poll(() => browser?.page.locator('figure').count(), { timeout: 15_000 }).toBe(3);
    return browser;
  }

  beforeAll(async () => {
    images = await startImageServer({ '/picture.png': { body: await testPng(INDIGO, 300), type: 'image/png' } });
  });
  afterEach(async () => {
    await browser?.close();
    browser = undefined;
  });
  afterAll(async () => {
    await images?.close();
  });

  it('sets a picture by upload and by URL, shows each from the mutation’s answer, and removes it', async () => {
    // The loopback image server is plain http on a private address: allowed by name, as the page says.
    const running = await subgraph({ GROUP_PICTURE_MIN_INTERVAL_SECONDS: '0', IMAGE_FETCH_ALLOW_HOSTS: new URL(images.url('/')).host });
    const { page, requests } = await openGallery(running);
    const group = card(page, GROUP);
    expect(await card(page, CHAT).locator('.change').count()).toBe(0);
    expect(await group.locator('.status').textContent()).toBe('NOT_SET');

    const uploaded = nextPayload(page, 'setGroupPicture');
    await group
      .locator('input[type=file]')
      .setInputFiles({ name: 'orange.png', mimeType: 'image/png', buffer: await testPng(ORANGE, 256) });
    const upload = await uploaded;
    expect(upload.userErrors).toEqual([]);
    expect(upload.group?.picture?.url).toMatch(new RegExp(`^${running.url}/demo-pictures/default/${GROUP}/[^/]+/preview\\.jpg\\?oe=`));
    // The card shows the picture's displayUrl: our hosted small copy.
    const uploadUrl = upload.group?.picture?.displayUrl ?? '';
    expect(uploadUrl).toMatch(new RegExp(`^${running.url}/pictures/[\\w-]{22}/[\\w-]{22}/small$`));
    await expect.poll(() => group.locator('img').getAttribute('src')).toBe(uploadUrl);
    const fromUpload = await shownImage(group);
    expect(fromUpload.width).toBe(96);
    expectColour(fromUpload.centre, ORANGE);
    expect(await group.locator('.status').textContent()).toBe('AVAILABLE');

    const linked = nextPayload(page, 'setGroupPicture');
    await group.locator('input[type=url]').fill(images.url('/picture.png'));
    await group.getByRole('button', { name: 'Set' }).click();
    const byUrl = await linked;
    expect(byUrl.userErrors).toEqual([]);
    const linkedUrl = byUrl.group?.picture?.displayUrl ?? '';
    expect(linkedUrl).not.toBe(uploadUrl);
    await expect.poll(() => group.locator('img').getAttribute('src')).toBe(linkedUrl);
    const fromUrl = await shownImage(group);
    expect(fromUrl.width).toBeGreaterThan(0);
    expectColour(fromUrl.centre, INDIGO);
    expect(images.hits).toContain('/picture.png');
    await screenshot(page, 'demo-gallery-changed');

    const removed = nextPayload(page, 'deleteGroupPicture');
    await group.getByRole('button', { name: 'Remove picture' }).click();
    expect((await removed).userErrors).toEqual([]);
    await expect.poll(() => group.locator('.status').textContent()).toBe('NOT_SET');
    // No picture: the generated avatar, still an image.
    await expect.poll(() => group.locator('img').getAttribute('src')).toMatch(/\/pictures\/identicons\/[\w-]{16}\/small\.svg$/);
    expect((await shownImage(group)).width).toBe(96);
    expect(await group.locator('.user-errors li').count()).toBe(0);

    // The image server was reached by the subgraph, never by the browser.
    expect(leftTheHost(requests)).toEqual([]);
    expect(requests.filter((url) => url.startsWith(images.url('/')))).toEqual([]);
  });

  it('shows the code of each refused change on the card, which keeps the picture it had', async () => {
    // The default-like spacing between changes: a second change at once is RATE_LIMITED.
    const running = await subgraph({ GROUP_PICTURE_MIN_INTERVAL_SECONDS: '60' });
    const { page, requests } = await openGallery(running);
    const group = card(page, GROUP_WITH_PICTURE);
    const generated = await shownImage(group);

    const forbidden = nextPayload(page, 'setGroupPicture');
    await group.locator('input[type=url]').fill(images.url('/picture.png'));
    await group.getByRole('button', { name: 'Set' }).click();
    expect((await forbidden).userErrors.map((error) => error.code)).toEqual(['FORBIDDEN_IMAGE_URL']);
    await expect.poll(() => group.locator('.user-errors .code').allTextContents()).toEqual(['FORBIDDEN_IMAGE_URL']);
    expect((await shownImage(group)).src).toBe(generated.src);

    const gif = await sharp({ create: { width: 32, height: 32, channels: 3, background: ORANGE } })
      .gif()
      .toBuffer();
    const unsupported = nextPayload(page, 'setGroupPicture');
    await group.locator('input[type=file]').setInputFiles({ name: 'animated.gif', mimeType: 'image/gif', buffer: gif });
    await unsupported;
    await expect.poll(() => group.locator('.user-errors .code').allTextContents()).toEqual(['UNSUPPORTED_IMAGE_TYPE']);

    const first = nextPayload(page, 'setGroupPicture');
    await group
      .locator('input[type=file]')
      .setInputFiles({ name: 'orange.png', mimeType: 'image/png', buffer: await testPng(ORANGE, 256) });
    const firstUrl = (await first).group?.picture?.displayUrl ?? '';
    await expect.poll(() => group.locator('img').getAttribute('src')).toBe(firstUrl);
    expect(await group.locator('.user-errors li').count()).toBe(0);

    const second = nextPayload(page, 'setGroupPicture');
    await group
      .locator('input[type=file]')
      .setInputFiles({ name: 'orange.png', mimeType: 'image/png', buffer: await testPng(INDIGO, 256) });
    expect((await second).userErrors.map((error) => error.code)).toEqual(['RATE_LIMITED']);
    await expect.poll(() => group.locator('.user-errors .code').allTextContents()).toEqual(['RATE_LIMITED']);
    expect(await group.locator('.user-errors .message').textContent()).toMatch(/try again at \d{4}-/);
    const kept = await shownImage(group);
    expect(kept.src).toBe(firstUrl);
    expectColour(kept.centre, ORANGE);
    // Refusals are the card's business: its status still tells the picture's.
    expect(await group.locator('.status').textContent()).toBe('AVAILABLE');

    await screenshot(page, 'demo-gallery-refused');
    expect(leftTheHost(requests)).toEqual([]);
  });
});
