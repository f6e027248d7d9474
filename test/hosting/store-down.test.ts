import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostedPicture, view } from '../support/hosting-world.js';
import { startSubgraph, type RunningSubgraph } from '../support/start-subgraph.js';

/** An "S3 endpoint" that accepts connections and never answers: the worst a store can do. */
async function blackHole(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      for (const socket of sockets) {
        socket.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('a picture store that hangs', () => {
  let hole: Awaited<ReturnType<typeof blackHole>>;
  let subgraph: RunningSubgraph;

  beforeAll(async () => {
    hole = await blackHole();
    subgraph = await startSubgraph({
      env: {
        PICTURE_STORE: 's3',
        PICTURE_STORE_S3_ENDPOINT: hole.url,
        PICTURE_STORE_S3_BUCKET: 'pictures',
        PICTURE_STORE_S3_ACCESS_KEY_ID: 'id',
        PICTURE_STORE_S3_SECRET_ACCESS_KEY: 'secret',
        PICTURE_URL_SECRET: 'a-secret-that-is-long-enough-for-urls',
        PICTURE_STORE_TIMEOUT_MS: '300',
      },
    });
  });
  afterAll(async () => {
    await subgraph?.close();
    await hole?.close();
  });

  it('does not stop the start, and /ready reports it without failing', async () => {
    const response = await fetch(`${subgraph.url}/ready`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ready', checks: { cache: 'ok', pictureStore: 'down' } });
  });

  it('leaves pictures answering at once: hostedUrl null, displayUrl the CDN URL or the avatar', async () => {
    const started = performance.now();
    const available = await hostedPicture(subgraph.url, '15550000001@c.us');
    const hidden = await hostedPicture(subgraph.url, '15550000008@c.us');
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(available.status).toBe('AVAILABLE');
    expect(available.hostedUrl).toBeNull();
    expect(available.small).toBeNull();
    expect(available.displayUrl).toBe(available.url);
    expect((await view(available.displayUrl)).status).toBe(200);
    expect(hidden.status).toBe('HIDDEN');
    expect(hidden.displayUrl).toMatch(/\/pictures\/identicons\/[\w-]{16}\/full\.svg$/);
    // Avatars need no store.
    expect((await view(hidden.displayUrl)).type).toBe('image/svg+xml');
  });
});

describe('a picture store directory that cannot be used', () => {
  let subgraph: RunningSubgraph;

  beforeAll(async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'not-a-directory-')), 'file');
    writeFileSync(file, 'in the way');
    subgraph = await startSubgraph({ env: { PICTURE_STORE_DIR: file } });
  });
  afterAll(async () => {
    await subgraph?.close();
  });

  it('still starts and serves pictures, with CDN URLs and avatars, and says so on /ready', async () => {
    const ready = (await (await fetch(`${subgraph.url}/ready`)).json()) as { checks: Record<string, string> };
    expect(ready.checks.pictureStore).toBe('down');
    const picture = await hostedPicture(subgraph.url, '15550000002@c.us');
    expect(picture).toMatchObject({ status: 'AVAILABLE', hostedUrl: null, displayUrl: picture.url });
  });
});
