import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { leftTheHost, openBrowser, screenshot, type RecordedBrowser } from '../support/browser.js';
import { startSubgraph, type RunningSubgraph } from '../support/start-subgraph.js';

/** Runs the open operation and answers the result pane's JSON, without the editor's line wrapping. */
async function runQuery(page: Page, expected: string): Promise<string> {
  await page.locator('.graphiql-execute-button').click({ timeout: 30_000 });
  const result = page.locator('.result-window');
  await expect.poll(async () => (await result.textContent()) ?? '', { timeout: 15_000 }).toContain(expected);
  // JSON strings here hold no whitespace of their own.
  return ((await result.textContent()) ?? '').replace(/\s+/g, '');
}

async function naturalWidth(page: Page, url: string): Promise<number> {
  return page.evaluate(async (source) => {
    const image = new Image();
    image.src = source;
    await image.decode();
    return image.naturalWidth;
  }, url);
}

describe('the playground in a real browser', () => {
  let browser: RecordedBrowser | undefined;
  const subgraphs: RunningSubgraph[] = [];

  async function subgraph(env: Record<string, string> = {}): Promise<RunningSubgraph> {
    const running = await startSubgraph({ env });
    subgraphs.push(running);
    return running;
  }

  beforeAll(async () => {
    await subgraph();
  });
  afterEach(async () => {
    await browser?.close();
    browser = undefined;
  });
  afterAll(async () => {
    await Promise.all(subgraphs.map((running) => running.close()));
  });

  it('loads GraphiQL with nothing leaving the host, runs the example query and shows its picture', async () => {
    const [running] = subgraphs as [RunningSubgraph];
    browser = await openBrowser();
    const { page, requests } = browser;
    await page.goto(`${running.url}/graphql`);
    const text = await runQuery(page, '/demo-pictures/');

    const pictureUrl = /"url":"([^"]+)"/.exec(text)?.[1] ?? '';
    expect(pictureUrl).toMatch(new RegExp(`^${running.url}/demo-pictures/`));
    expect(await naturalWidth(page, pictureUrl)).toBeGreaterThan(0);

    await screenshot(page, 'playground');
    expect(leftTheHost(requests)).toEqual([]);
  });

  it('works behind ROUTER_SECRET once the secret is typed into the headers, never showing it', async () => {
    const guarded = await subgraph({ ROUTER_SECRET: 'playground-secret' });
    browser = await openBrowser();
    const { page } = browser;
    const landing = await page.goto(`${guarded.url}/graphql`);
    expect(await landing?.text()).not.toContain('playground-secret');

    expect(await runQuery(page, 'UNAUTHENTICATED')).not.toContain('"_entities"');

    await page.getByText('Headers', { exact: true }).click();
    const headers = page.locator('.graphiql-editor-tool .graphiql-editor').last();
    await headers.click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Backspace');
    // Typed key by key as a person would; the editor's auto-closed quotes and braces are typed over.
    await page.keyboard.type(JSON.stringify({ 'x-wa-session': 'default', 'router-authorization': 'playground-secret' }));
    const text = await runQuery(page, '/demo-pictures/');
    expect(text).not.toContain('UNAUTHENTICATED');
    expect(await page.evaluate(() => JSON.stringify({ ...localStorage }))).not.toContain('playground-secret');
  });
});

describe('the demo gallery in a real browser', () => {
  let running: RunningSubgraph;
  let browser: RecordedBrowser | undefined;

  beforeAll(async () => {
    running = await startSubgraph();
  });
  afterAll(async () => {
    await browser?.close();
    await running?.close();
  });

  it('shows every demo chat: loaded pictures for AVAILABLE, a status for the rest, nothing from elsewhere', async () => {
    browser = await openBrowser();
    const { page, requests } = browser;
    await page.goto(`${running.url}/demo`);
    await expect.poll(() => page.locator('figure').count(), { timeout: 15_000 }).toBe(12);
    await page.waitForFunction(() => [...document.images].every((image) => image.complete));

    const cards = await page.locator('figure').evaluateAll((figures) =>
      figures.map((figure) => ({
        id: (figure as HTMLElement).dataset.id,
        status: figure.querySelector('.status')?.textContent,
        width: figure.querySelector('img')?.naturalWidth ?? null,
      })),
    );
    const available = cards.filter((card) => card.status === 'AVAILABLE');
    expect(available.length).toBeGreaterThanOrEqual(6);
    expect(available.every((card) => (card.width ?? 0) > 0)).toBe(true);
    expect(cards.filter((card) => card.status !== 'AVAILABLE').map((card) => [card.status, card.width])).toEqual(
      expect.arrayContaining([
        ['NOT_SET', null],
        ['HIDDEN', null],
      ]),
    );
    await expect.poll(() => page.locator('#summary').textContent()).toMatch(/^12 chats of session "default"/);

    await screenshot(page, 'demo-gallery');
    expect(leftTheHost(requests)).toEqual([]);
  });

  it('shows the error code of a chat whose id is malformed, and the rest of the gallery', async () => {
    const page = browser?.page as Page;
    await page.goto(`${running.url}/demo?ids=15550000001@c.us,not-a-jid,120363000000000002@g.us`);
    await expect.poll(() => page.locator('figure').count(), { timeout: 15_000 }).toBe(3);
    expect(await page.locator('.status').allTextContents()).toEqual(['AVAILABLE', 'BAD_USER_INPUT', 'AVAILABLE']);
  });
});
