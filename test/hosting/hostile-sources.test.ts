import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import ipaddr from 'ipaddr.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FsPictureStore } from '../../src/store/fs-store.js';
import type { CdnOverride } from '../emulators/whatsapp-cdn.js';
import { HTML, pixelBombPng, SVG } from '../images/support/pictures.js';
import { LoopbackGuard } from '../images/support/loopback-guard.js';
import { StubDns } from '../images/support/stub-dns.js';
import { hostedPicture, startHostingWorld, view, type HostingWorld } from '../support/hosting-world.js';
import { startSubgraph, type RunningSubgraph } from '../support/start-subgraph.js';

const MAX_BYTES = 64 * 1024;

function answer(status: number, body: Buffer | string, headers: Record<string, string> = {}): CdnOverride {
  return (response) => {
    response.writeHead(status, { 'content-type': 'image/jpeg', ...headers }).end(body);
  };
}

/** A body larger than the cap, streamed without a length, so only counting while reading stops it. */
const endless: CdnOverride = (response) => {
  response.writeHead(200, { 'content-type': 'image/jpeg' });
  const chunk = Buffer.alloc(16 * 1024, 0xff);
  let sent = 0;
  const pump = () => {
    while (sent < 4 * MAX_BYTES) {
      sent += chunk.length;
      if (!response.write(chunk)) {
        response.once('drain', pump);
        return;
      }
    }
    response.end();
  };
  response.on('error', () => {});
  pump();
};

const HOSTILE: ReadonlyArray<readonly [string, string, CdnOverride]> = [
  ['a redirect to a private address', '4915550000101', answer(302, '', { location: 'http://10.0.0.1/v/t61.24694-24/s640x640/x_n.jpg' })],
  [
    'a redirect to an allowed name that resolves to a private address',
    '4915550000111',
    answer(302, '', { location: 'https://pps.test/v/x_n.jpg' }),
  ],
  ['a redirect to metadata service', '4915550000121', answer(307, '', { location: 'http://169.254.169.254/latest/meta-data/' })],
  ['an oversized body with its length', '4915550000131', answer(200, Buffer.alloc(2 * MAX_BYTES, 0xff))],
  ['an oversized body streamed without a length', '4915550000141', endless],
  ['an HTML page', '4915550000151', answer(200, HTML)],
  ['an SVG with script, called a JPEG', '4915550000161', answer(200, SVG)],
  ['a pixel bomb', '4915550000171', answer(200, pixelBombPng(), { 'content-type': 'image/png' })],
];

function filesUnder(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(root.length + 1));
}

describe('hostile picture sources', () => {
  let world: HostingWorld;
  let subgraph: RunningSubgraph;
  const guard = new LoopbackGuard();
  const dns = new StubDns({ 'pps.test': ['10.0.0.7'] });

  beforeAll(async () => {
    world = await startHostingWorld();
    subgraph = await startSubgraph({
      env: { ...world.env, PICTURE_SOURCE_HOSTS: `${world.cdn.host},pps.test`, IMAGE_MAX_BYTES: String(MAX_BYTES) },
      pictureNetwork: { resolve: dns.resolve, connect: guard.connect },
    });
  });
  afterAll(async () => {
    await subgraph?.close();
    await world?.close();
  });

  it.each(HOSTILE)('%s leaves no file in the store and opens no socket off loopback', async (_, user, hostile) => {
    const picture = await hostedPicture(subgraph.url, `${user}@c.us`);
    const pictureId = world.gowa.world.lookup(user);
    world.cdn.override(pictureId.kind === 'picture' ? pictureId.pictureId : '', hostile);
    const downloads = world.cdn.downloads.length;

    expect((await view(picture.hostedUrl as string)).status).toBe(502);
    // Asked again at once, it is not fetched again: a refused source is remembered for a while.
    expect((await view(picture.small as string)).status).toBe(502);
    expect(world.cdn.downloads.length).toBe(downloads + 1);

    const pictureKey = new URL(picture.hostedUrl as string).pathname.split('/')[3] as string;
    const store = subgraph.app.hosting.store as FsPictureStore;
    const left = filesUnder(store.root);
    // Only the record of the ask (whose picture it is, when it was asked): no image, no temporary file.
    expect(left.filter((file) => file.includes(pictureKey)).map((file) => file.split('/').at(-1))).toEqual(['record.json']);
    expect(left.filter((file) => file.includes('.tmp-'))).toEqual([]);
    expect(guard.targets.filter((target) => ipaddr.process(target.address).range() !== 'loopback')).toEqual([]);
    expect(dns.asked.every((name) => name === 'pps.test')).toBe(true);
  });

  it('leaves the picture itself answering: the field keeps its CDN URL and a displayUrl', async () => {
    const picture = await hostedPicture(subgraph.url, '4915550000101@c.us');
    expect(picture.status).toBe('AVAILABLE');
    expect(picture.url).toContain(world.cdn.host);
    expect(picture.displayUrl).toBe(picture.hostedUrl);
  });
});
