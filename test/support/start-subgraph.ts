import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Cache } from '../../src/cache/cache.js';
import { loadConfig, type Config } from '../../src/config/index.js';
import type { ImageSource } from '../../src/pictures/image-source.js';
import { createApp, type App, type AppOptions } from '../../src/server.js';
import type { SessionRegistry } from '../../src/sessions.js';
import { capturingLogger, type CapturingLogger } from './silent-logger.js';

export interface RunningSubgraph {
  readonly app: App;
  readonly url: string;
  readonly logger: CapturingLogger;
  close(): Promise<void>;
}

/** Our subgraph, for real, on a free loopback port; `images` builds the intake from the loaded config (stubbed DNS, guarded sockets). */
export async function startSubgraph(
  options: {
    env?: Record<string, string>;
    sessions?: (publicUrl: () => string) => SessionRegistry;
    cache?: Cache;
    images?: (config: Config) => ImageSource;
    /** The clock of the JWKS refetch cooldown. */
    authClock?: () => number;
    /** DNS and sockets of hosted pictures' downloads. */
    pictureNetwork?: AppOptions['pictureNetwork'];
    /** The clock of hosted pictures' retention. */
    hostingClock?: () => number;
    /** The clock of the provider gate's windows, pauses and open breakers. */
    providerClock?: () => number;
  } = {},
): Promise<RunningSubgraph> {
  const logger = capturingLogger();
  // A picture store of its own unless the test shares one: nothing lands in the working tree.
  const storeDir = mkdtempSync(join(tmpdir(), 'picture-store-'));
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', PICTURE_STORE_DIR: storeDir, ...options.env });
  const app = await createApp({
    config,
    logger,
    ...(options.sessions ? { sessions: options.sessions } : {}),
    ...(options.cache ? { cache: options.cache } : {}),
    ...(options.images ? { images: options.images(config) } : {}),
    ...(options.authClock ? { authClock: options.authClock } : {}),
    ...(options.pictureNetwork ? { pictureNetwork: options.pictureNetwork } : {}),
    ...(options.hostingClock ? { hostingClock: options.hostingClock } : {}),
    ...(options.providerClock ? { providerClock: options.providerClock } : {}),
  });
  const url = await app.listen();
  return { app, url, logger, close: () => app.close() };
}

export async function postGraphQL(
  url: string,
  body: { query: string; variables?: Record<string, unknown> },
  headers: Record<string, string> = {},
): Promise<{
  status: number;
  body: {
    data?: Record<string, unknown> | null;
    errors?: Array<{ message: string; path?: unknown[]; extensions?: { code?: string; retryAt?: string; retryAfterSeconds?: number } }>;
  };
}> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as never };
}

/** Resolves once the subgraph at `url` reports its cache `ok` on /ready (Redis connected). */
export async function cacheReady(url: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (((await (await fetch(`${url}/ready`)).json()) as { checks: { cache: string } }).checks.cache !== 'ok') {
    if (Date.now() > deadline) {
      throw new Error(`the subgraph at ${url} never reached its cache`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
