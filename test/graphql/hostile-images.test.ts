import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionRegistry } from '../../src/sessions.js';
import { PictureServer, redirectTo, serveBytes } from '../images/support/picture-server.js';
import { HTML, pixelBombPng, polyglotPng } from '../images/support/pictures.js';
import { FakeProvider } from '../support/fake-provider.js';
import { dataOf, groupPictureClient, type GroupPictureClient, type ImageInput } from '../support/group-picture-client.js';
import { guardedIntake, type GuardedIntake } from '../support/guarded-intake.js';
import { startSubgraph, type RunningSubgraph } from '../support/start-subgraph.js';
import { testPng } from '../support/test-images.js';

const FETCH_TIMEOUT_MS = 1_000;
const MAX_BYTES = 64 * 1024;
/** A public address the stubbed DNS hands out; the guard refuses any socket to it. */
const PUBLIC = '93.184.216.34';
const NAMES = { 'images.example': [PUBLIC], 'internal.example': ['10.0.0.5'], 'rebind.example': [PUBLIC, '10.0.0.5'] };

/** Every private, loopback, link-local or unspecified form an https URL's host can take. */
const PRIVATE_HOSTS = [
  '127.0.0.1',
  '10.0.0.5',
  '172.16.0.1',
  '172.31.255.254',
  '192.168.1.1',
  '169.254.169.254',
  '100.64.0.1',
  '[::1]',
  '[fc00::1]',
  '[fe80::1]',
  '[::ffff:127.0.0.1]',
  '0.0.0.0',
  '2130706433',
  '0177.0.0.1',
  '0x7f.1',
  '127.1',
];

type Code = 'INVALID_IMAGE' | 'UNSUPPORTED_IMAGE_TYPE' | 'IMAGE_TOO_LARGE' | 'FORBIDDEN_IMAGE_URL' | 'IMAGE_UNREACHABLE';

interface Expect {
  /** The names the attempt may look up (IP literals and refused schemes: none). */
  readonly dns?: readonly string[];
  /** The control case: a public address passes every rule, and only the loopback guard stops its socket. */
  readonly guardStops?: boolean;
  /** Ends at IMAGE_FETCH_TIMEOUT_MS rather than at once. */
  readonly slow?: boolean;
}

/** A case's name, the input it sends, the code it must get, and what else to expect. */
type Case = readonly [name: string, image: () => ImageInput, code: Code, expect?: Expect];

const TINY_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

let server: PictureServer;
const served = (path: string) => (): ImageInput => ({ url: server.url(path) });
const remote = (url: string) => (): ImageInput => ({ url });
const inline = (bytes: () => Buffer) => (): ImageInput => ({ base64: bytes().toString('base64') });

const CORPUS: readonly Case[] = [
  ['both url and base64', () => ({ url: 'https://images.example/a.png', base64: TINY_PNG }), 'INVALID_IMAGE'],
  ['neither url nor base64', () => ({}), 'INVALID_IMAGE'],
  ['HTML as base64', inline(() => HTML), 'UNSUPPORTED_IMAGE_TYPE'],
  ['HTML served as image/png', served('/page.png'), 'UNSUPPORTED_IMAGE_TYPE'],
  ['a PNG signature and header, then HTML, as base64', inline(polyglotPng), 'INVALID_IMAGE'],
  ['a PNG signature and header, then HTML, by URL', served('/polyglot.png'), 'INVALID_IMAGE'],
  ['80 KiB as base64 over a 64 KiB cap', inline(() => randomBytes(80 * 1024)), 'IMAGE_TOO_LARGE'],
  ['100 KiB chunked, without Content-Length, over a 64 KiB cap', served('/huge.jpg'), 'IMAGE_TOO_LARGE'],
  ['a PNG claiming 50000×50000 pixels as base64', inline(pixelBombPng), 'IMAGE_TOO_LARGE'],
  ['a PNG claiming 50000×50000 pixels by URL', served('/bomb.png'), 'IMAGE_TOO_LARGE'],
  ['file:///etc/passwd', remote('file:///etc/passwd'), 'FORBIDDEN_IMAGE_URL'],
  ['gopher://127.0.0.1:6379/_FLUSHALL', remote('gopher://127.0.0.1:6379/_FLUSHALL'), 'FORBIDDEN_IMAGE_URL'],
  ['a data: URI as the url', remote(`data:image/png;base64,${TINY_PNG}`), 'FORBIDDEN_IMAGE_URL'],
  ['ftp://images.example/a.png', remote('ftp://images.example/a.png'), 'FORBIDDEN_IMAGE_URL'],
  ['plain http to a host not allowlisted', remote('http://images.example/a.png'), 'FORBIDDEN_IMAGE_URL'],
  ...PRIVATE_HOSTS.map((host): Case => [`https://${host}/`, remote(`https://${host}/a.png`), 'FORBIDDEN_IMAGE_URL']),
  ['a name that resolves to 10.0.0.5', remote('https://internal.example/a.png'), 'FORBIDDEN_IMAGE_URL', { dns: ['internal.example'] }],
  [
    'a name with a public and a private address',
    remote('https://rebind.example/a.png'),
    'FORBIDDEN_IMAGE_URL',
    { dns: ['rebind.example'] },
  ],
  ['an allowlisted host redirecting to http://169.254.169.254/', served('/to-metadata'), 'FORBIDDEN_IMAGE_URL'],
  ['an allowlisted host redirecting to https://169.254.169.254/', served('/to-metadata-tls'), 'FORBIDDEN_IMAGE_URL'],
  ['an allowlisted host redirecting to a name of 10.0.0.5', served('/to-internal'), 'FORBIDDEN_IMAGE_URL', { dns: ['internal.example'] }],
  ['a body trickled a byte at a time', served('/trickle.png'), 'IMAGE_UNREACHABLE', { slow: true }],
  // The control: a public name passes every rule, and the guard, not the code under test, stops its socket.
  [
    'a public name (the guard stops its socket)',
    remote('https://images.example/a.png'),
    'IMAGE_UNREACHABLE',
    { dns: ['images.example'], guardStops: true },
  ],
];

/** The input field a refusal must name: the one given, or the whole image when both or neither were. */
function fieldOf(input: ImageInput): string[] {
  if ((input.url === undefined) === (input.base64 === undefined)) {
    return ['image'];
  }
  return ['image', input.url === undefined ? 'base64' : 'url'];
}

/** One group per case, so each proves its own lease was given back. */
const groupOf = (index: number) => `120363${String(700_000_000_000 + index)}@g.us`;

describe('hostile images through POST /graphql setGroupPicture', () => {
  let intake: GuardedIntake;
  let fake: FakeProvider;
  let subgraph: RunningSubgraph;
  let client: GroupPictureClient;
  let goodPng: string;
  let rssBefore: number;

  beforeAll(async () => {
    server = await PictureServer.start();
    server
      .route('/page.png', serveBytes(HTML, 'image/png'))
      .route('/polyglot.png', serveBytes(polyglotPng(), 'image/png'))
      .route('/bomb.png', serveBytes(pixelBombPng(), 'image/png'))
      .route('/huge.jpg', (_request, response) => {
        response.writeHead(200, { 'content-type': 'image/jpeg' });
        for (let chunk = 0; chunk < 25; chunk += 1) {
          response.write(Buffer.alloc(4 * 1024, chunk));
        }
        response.end();
      })
      .route('/to-metadata', redirectTo('http://169.254.169.254/latest/meta-data/iam/security-credentials/'))
      .route('/to-metadata-tls', redirectTo('https://169.254.169.254/latest/meta-data/'))
      .route('/to-internal', redirectTo('https://internal.example/a.png'))
      .route('/trickle.png', (_request, response) => {
        response.writeHead(200, { 'content-type': 'image/png' });
        // One byte every 20 ms, at most 500 of them (10 s): the client gives up long before.
        let left = 500;
        const timer = setInterval(() => {
          left -= 1;
          if (left <= 0) {
            clearInterval(timer);
            response.end();
            return;
          }
          response.write(Buffer.from([0x89]));
        }, 20);
        response.on('close', () => clearInterval(timer));
      });
    intake = guardedIntake(NAMES);
    fake = new FakeProvider();
    subgraph = await startSubgraph({
      env: {
        IMAGE_MAX_BYTES: String(MAX_BYTES),
        IMAGE_FETCH_TIMEOUT_MS: String(FETCH_TIMEOUT_MS),
        IMAGE_FETCH_ALLOW_HOSTS: server.host,
        GROUP_PICTURE_MIN_INTERVAL_SECONDS: '3600',
      },
      sessions: () => new SessionRegistry([{ name: 'default', identity: 'fake|default', provider: fake }]),
      images: intake.build,
    });
    client = groupPictureClient(`${subgraph.url}/graphql`);
    goodPng = (await testPng('#128C7E', 64)).toString('base64');
    // Warm up the whole path (sharp, the intake, the writer) before taking the baseline.
    expect(dataOf(await client.set(groupOf(999), { base64: goodPng }, { bare: true })).setGroupPicture.userErrors).toEqual([]);
    rssBefore = process.memoryUsage().rss;
    fake.writes.length = 0;
  });

  afterAll(async () => {
    await subgraph?.close();
    await server?.close();
  });

  it.each(CORPUS.map(([name, image, code, options = {}], index) => ({ name, image, code, ...options, group: groupOf(index) })))(
    '$name: $code, no provider call, no socket off loopback, and the lease given back',
    async ({ image, code, guardStops, dns, slow, group }) => {
      const input = image();
      const field = fieldOf(input);
      const mark = {
        attempted: intake.attempted.length,
        opened: intake.opened.length,
        dns: intake.dns.asked.length,
        requests: server.requests.length,
        calls: fake.calls.length,
        writes: fake.writes.length,
      };
      const started = performance.now();
      const payload = dataOf(await client.set(group, input, { bare: true })).setGroupPicture;
      const ms = performance.now() - started;

      expect(payload).toEqual({ group: { id: group }, userErrors: [{ code, field, message: expect.any(String), retryAt: null }] });
      expect([fake.calls.length, fake.writes.length]).toEqual([mark.calls, mark.writes]);
      expect(intake.dns.asked.slice(mark.dns)).toEqual(dns ?? []);
      // The image server saw exactly the URL it was given (never a redirect's target), and nothing else did.
      const onServer = input.url?.startsWith(server.url('/')) ? [new URL(input.url).pathname] : [];
      expect(server.requests.slice(mark.requests).map((request) => request.path)).toEqual(onServer);
      // undici may open a spare keep-alive socket to the image server at any time; any other target is a leak.
      const attempted = intake.attempted.slice(mark.attempted).map(({ address, port }) => `${address}:${port}`);
      const allowed = new Set([server.host, ...(guardStops ? [`${PUBLIC}:443`] : [])]);
      expect(attempted.filter((target) => !allowed.has(target))).toEqual([]);
      if (guardStops) {
        expect(attempted.filter((target) => target === `${PUBLIC}:443`)).toHaveLength(1);
      }
      expect(intake.opened.slice(mark.opened).every(({ address, port }) => `${address}:${port}` === server.host)).toBe(true);
      if (slow) {
        expect(ms).toBeGreaterThanOrEqual(FETCH_TIMEOUT_MS - 50);
        expect(ms).toBeLessThan(FETCH_TIMEOUT_MS + 1_500);
      } else {
        expect(ms).toBeLessThan(1_500);
      }

      // The refusal gave the group's lease back: a good picture right after goes through, not RATE_LIMITED.
      const next = dataOf(await client.set(group, { base64: goodPng }, { bare: true })).setGroupPicture;
      expect(next.userErrors).toEqual([]);
      expect(fake.writes.length).toBe(mark.writes + 1);
    },
  );

  it('keeps the minimum interval after a success, so the lease checks above are not vacuous', async () => {
    const payload = dataOf(await client.set(groupOf(0), { base64: goodPng }, { bare: true })).setGroupPicture;
    expect(payload.userErrors).toEqual([expect.objectContaining({ code: 'RATE_LIMITED' })]);
    expect(Date.parse(String(payload.userErrors[0]?.retryAt))).toBeGreaterThan(Date.now() + 3_000_000);
  });

  it('never opened a socket off loopback, and grew the process by less than 100 MB over the corpus', () => {
    expect(intake.opened.every(({ address }) => address === '127.0.0.1')).toBe(true);
    expect(intake.attempted.filter(({ address }) => address !== '127.0.0.1').map(({ address }) => address)).toEqual([PUBLIC]);
    const grownMb = (process.memoryUsage().rss - rssBefore) / 1024 / 1024;
    expect(grownMb).toBeLessThan(100);
  });
});
