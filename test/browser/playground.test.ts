import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { leftTheHost, openBrowser, screenshot, type RecordedBrowser } from '../support/browser.js';
import { startSubgraph, type RunningSubgraph } from '../support/start-subgraph.js';
import { subgraphsForSuite } from '../support/suite-subgraphs.js';

/** Runs the open operation and answers the result pane's JSON, without the editor's line wrapping. */
async function runQuery(page: Page, expected: string): Promise<string> {
  await page.locator('.graphiql-execute-button').click({ timeout: 30_000 });
  const result = page.locator('.result-window');
  await expect.poll(async () => (await result.textContent()) ?? '', { timeout: 15_000 }).toContain(expected);
  // JSON strings here hold no whitespace of their own.
  return ((await result.textContent()) ?? '').replace(/\s+/g, '');
}

/**
 * Opens a playground tab by its operation name, with the keyboard: in headless Chromium a pointer
 * press on a GraphiQL 5 tab moves it (a leftover reorder transform, applied while it has focus)
 * before the release, so the click lands beside it. A keyboard user's path has no such gap.
 */
async function openTab(page: Page, operation: string): Promise<void> {
  await page.getByTitle(operation, { exact: true }).press('Enter', { timeout: 30_000 });
  await expect.poll(() => page.locator('.graphiql-tab[aria-selected=true] .graphiql-tab-button').textContent()).toBe(operation);
  // GraphiQL takes up the tab's operation name 100 ms after its text changes, in the step that also
  // writes the text into the page's ?query=. Run before that, it sends the previous tab's name and
  // fails with "Cannot infer operation".
  const definition = new RegExp(`\\b(?:query|mutation) ${operation}\\b`);
  await expect.poll(() => new URL(page.url()).searchParams.get('query') ?? '').toMatch(definition);
}

/** Collects every content-security-policy violation the page reports, from its first script on. */
async function recordViolations(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.violatedDirective} ${event.blockedURI}`));
  });
  return () => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
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
  const subgraph = subgraphsForSuite();
  // The default settings' subgraph, shared by the tests that need no settings of their own.
  let shared: RunningSubgraph;

  beforeAll(async () => {
    shared = await subgraph();
  });
  afterEach(async () => {
    await browser?.close();
    browser = undefined;
  });

  it('loads GraphiQL under its content security policy with nothing leaving the host, runs the example query and shows its picture', async () => {
    const running = shared;
    browser = await openBrowser();
    const { page, requests } = browser;
    const violations = await recordViolations(page);
    const landing = await page.goto(`${running.url}/graphql`);
    expect(landing?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    const text = await runQuery(page, '/demo-pictures/');
    expect(await violations()).toEqual([]);

    const pictureUrl = /"url":"([^"]+)"/.exec(text)?.[1] ?? '';
    expect(pictureUrl).toMatch(new RegExp(`^${running.url}/demo-pictures/`));
    expect(await naturalWidth(page, pictureUrl)).toBeGreaterThan(0);

    await screenshot(page, 'playground');
    expect(leftTheHost(requests)).toEqual([]);
  });

  it('runs the example setGroupPicture from its tab: the query tab then shows the new picture, a second run is refused', async () => {
    // A subgraph of its own: this test changes a demo group, and keeps the default 10 s between changes.
    const running = await subgraph();
    browser = await openBrowser();
    const { page, requests } = browser;
    await page.goto(`${running.url}/graphql`);
    const group = '120363000000000003@g.us';

    await openTab(page, 'SetDemoGroupPicture');
    const written = await runQuery(page, '"userErrors"');
    expect(written).toContain('"userErrors":[]');
    const jpeg = new RegExp(`"url":"(${running.url}/demo-pictures/default/${group}/[^/"]+)/full\\.jpg\\?oe=[0-9a-f]+"`);
    const picturePath = jpeg.exec(written)?.[1];
    expect(picturePath).toBeDefined();
    expect(written).toContain('"preview":true');
    await screenshot(page, 'playground-set-group-picture');

    expect(await runQuery(page, 'RATE_LIMITED')).toMatch(/"userErrors":\[\{"code":"RATE_LIMITED"/);

    await openTab(page, 'DemoChatPictures');
    const text = await runQuery(page, '"_entities"');
    const shown = new RegExp(`"url":"(${picturePath}/full\\.jpg\\?oe=[0-9a-f]+)"`).exec(text)?.[1] ?? '';
    expect(shown).not.toBe('');
    expect(await naturalWidth(page, shown)).toBeGreaterThan(0);
    expect(leftTheHost(requests)).toEqual([]);
  });

  it('works behind ROUTER_SECRET, when enabled, once the secret is typed into the headers, never showing it', async () => {
    // Behind ROUTER_SECRET the pages are off unless asked for.
    const guarded = await subgraph({ ROUTER_SECRET: 'playground-secret', PLAYGROUND: 'true' });
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
    const violations = await recordViolations(page);
    await page.goto(`${running.url}/demo`);
    await expect.poll(() => page.locator('figure').count(), { timeout: 15_000 }).toBe(12);
    await page.waitForFunction(() => [...document.images].every((image) => image.complete));

    const cards = await page.locator('figure').evaluateAll((figures) =>
      figures.map((figure) => ({
        id: (figure as HTMLElement).dataset.id,
        status: figure.querySelector('.status')?.textContent,
        src: figure.querySelector('img')?.getAttribute('src') ?? '',
        width: figure.querySelector('img')?.naturalWidth ?? null,
      })),
    );
    // Every card shows its displayUrl: a hosted copy for a picture, a generated avatar otherwise.
    expect(cards.every((card) => (card.width ?? 0) > 0)).toBe(true);
    const available = cards.filter((card) => card.status === 'AVAILABLE');
    expect(available.length).toBeGreaterThanOrEqual(6);
    expect(available.every((card) => /\/pictures\/[\w-]{22}\/[\w-]{22}\/small$/.test(card.src))).toBe(true);
    const others = cards.filter((card) => card.status !== 'AVAILABLE');
    expect(others.map((card) => card.status)).toEqual(expect.arrayContaining(['NOT_SET', 'HIDDEN']));
    expect(others.every((card) => /\/pictures\/identicons\/[\w-]{16}\/small\.svg$/.test(card.src))).toBe(true);
    await expect.poll(() => page.locator('#summary').textContent()).toMatch(/^12 chats of session "default"/);
    expect(await violations()).toEqual([]);

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
