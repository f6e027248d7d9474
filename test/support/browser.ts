import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Screenshots land here; CI keeps the folder as the browser tests' artefacts. */
export const ARTIFACTS_DIR = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));

// Without the background-networking flags Chromium phones Google at every start, which a closed
// network refuses many times over; the tests want to see only what the page itself asks for.
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface RecordedBrowser {
  readonly page: Page;
  /** Every URL the page requested, in order. */
  readonly requests: string[];
  close(): Promise<void>;
}

/** Debian's chromium, driven by playwright-core, with a fresh profile that is removed afterwards. */
export async function openBrowser(): Promise<RecordedBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'chromium-profile-'));
  const context: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    args: FLAGS,
    timeout: 30_000,
    viewport: { width: 1280, height: 900 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const requests: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  return {
    page,
    requests,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}

/** The requests that went anywhere but this machine: in-page data, blobs and loopback are local. */
export function leftTheHost(requests: readonly string[]): string[] {
  return requests.filter((url) => {
    const { protocol, hostname } = new URL(url);
    if (protocol === 'data:' || protocol === 'blob:') {
      return false;
    }
    return !['127.0.0.1', 'localhost', '[::1]'].includes(hostname);
  });
}
