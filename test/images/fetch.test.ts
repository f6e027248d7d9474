import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Refusal } from '../../src/errors.js';
import { hang, PictureServer, redirectTo, serveBytes, whenClosed } from './support/picture-server.js';
import { jpeg, transparentPng, webp } from './support/pictures.js';
import { closeTestIntakes, refusal, testIntake } from './support/test-intake.js';

/**
 * Fetches `url` through an intake whose whole-fetch deadline is `deadlineMs` (any `options` added)
 * and asserts it ends as that deadline's refusal, long before any socket timeout would; what the
 * test needs for further checks.
 */
async function endsAtDeadline(url: string, deadlineMs: number, options: Parameters<typeof testIntake>[0] = {}) {
  const { intake, guard } = testIntake({ ...options, fetchTimeoutMs: deadlineMs });
  const { code, message, ms } = await refusal(intake.fromUrl(url));
  expect(code).toBe('IMAGE_UNREACHABLE');
  expect(message).toBe(`The image did not arrive within ${deadlineMs} ms`);
  expect(ms).toBeLessThan(2_500);
  return { ms, guard };
}

let server: PictureServer;
let allowed: string[];

beforeAll(async () => {
  server = await PictureServer.start();
  allowed = [server.host];
  server
    .route('/a.jpg', serveBytes(await jpeg(64, 48)))
    .route('/a.png', serveBytes(await transparentPng(20, 10), 'image/png'))
    // The Content-Type lies; the bytes decide.
    .route('/a.webp', serveBytes(await webp(30, 40), 'text/plain'));
});

afterAll(() => server.close());
afterEach(async () => {
  await closeTestIntakes();
  server.requests.length = 0;
});

describe('fetching an image URL', () => {
  it.each([
    ['/a.jpg', { type: 'jpeg', width: 64, height: 48 }],
    ['/a.png', { type: 'png', width: 20, height: 10 }],
    ['/a.webp', { type: 'webp', width: 30, height: 40 }],
  ])('takes %s from an allowlisted loopback host over http', async (path, expected) => {
    const { intake, guard } = testIntake({ allowHosts: allowed });
    const image = await intake.fromUrl(server.url(path));
    expect(image).toMatchObject(expected);
    expect(image.bytes.length).toBeGreaterThan(0);
    // A set, not `every`: an empty list of sockets must fail too.
    expect(new Set(guard.addresses)).toEqual(new Set(['127.0.0.1']));
  });

  it('connects to the resolved address and sends the name as Host', async () => {
    const { intake, guard, dns } = testIntake({
      names: { 'images.test': ['127.0.0.1'] },
      allowHosts: [`images.test:${server.port}`],
    });
    await intake.fromUrl(`http://images.test:${server.port}/a.jpg`);
    expect(dns.asked).toEqual(['images.test']);
    expect(guard.targets).toEqual([{ address: '127.0.0.1', port: server.port, protocol: 'http:', servername: null }]);
    expect(server.requests).toEqual([{ path: '/a.jpg', host: `images.test:${server.port}` }]);
  });

  it.each([1, 2, 3])('follows %i redirect(s), relative and absolute, each re-checked', async (hops) => {
    server.route('/r1', redirectTo('/a.jpg', 301));
    server.route('/r2', redirectTo(server.url('/r1'), 307));
    server.route('/r3', redirectTo('r2', 308));
    const { intake } = testIntake({ allowHosts: allowed });
    expect((await intake.fromUrl(server.url(`/r${hops}`))).type).toBe('jpeg');
    expect(server.requests).toHaveLength(hops + 1);
  });

  it('gives up after 3 redirects without making a 5th request', async () => {
    server.route('/r4', redirectTo('/r3'));
    server.route('/r3', redirectTo('/r2'));
    server.route('/r2', redirectTo('/r1'));
    server.route('/r1', redirectTo('/a.jpg'));
    const { intake } = testIntake({ allowHosts: allowed });
    const { code, message } = await refusal(intake.fromUrl(server.url('/r4')));
    expect(code).toBe('IMAGE_UNREACHABLE');
    expect(message).toMatch(/more than 3 times/);
    expect(server.requests.map(({ path }) => path)).toEqual(['/r4', '/r3', '/r2', '/r1']);
  });

  it.each([
    ['a private address', 'https://10.0.0.5/a.jpg'],
    ['cloud metadata', 'https://169.254.169.254/latest/meta-data/'],
    ['a name resolving to loopback', 'https://internal.example.com/a.jpg'],
    ['loopback on another port', 'https://127.0.0.1:9/a.jpg'],
    ['plain http on a public name', 'http://images.example.com/a.jpg'],
    ['a file: URL', 'file:///etc/passwd'],
  ])('refuses a redirect to %s with no socket to it', async (_case, location) => {
    server.route('/away', redirectTo(location));
    const { intake, guard } = testIntake({
      allowHosts: allowed,
      names: { 'internal.example.com': ['127.0.0.1'], 'images.example.com': ['93.184.215.14'] },
    });
    expect((await refusal(intake.fromUrl(server.url('/away')))).code).toBe('FORBIDDEN_IMAGE_URL');
    // The only socket is the one to the allowlisted server that answered the redirect.
    expect(guard.targets).toEqual([{ address: '127.0.0.1', port: server.port, protocol: 'http:', servername: null }]);
    expect(server.requests).toHaveLength(1);
  });

  it('reports a 404 without echoing the URL or its query', async () => {
    const { intake } = testIntake({ allowHosts: allowed });
    const { code, message } = await refusal(intake.fromUrl(server.url('/missing.jpg?X-Amz-Signature=s3cr3t')));
    expect(code).toBe('IMAGE_UNREACHABLE');
    expect(message).toMatch(/HTTP 404/);
    expect(message).not.toMatch(/s3cr3t|missing|127\.0\.0\.1/);
  });

  it('reports a refused connection', async () => {
    const closed = await PictureServer.start();
    const port = closed.port;
    await closed.close();
    const { intake } = testIntake({ allowHosts: [`127.0.0.1:${port}`] });
    const { code, message } = await refusal(intake.fromUrl(`http://127.0.0.1:${port}/a.jpg`));
    expect(code).toBe('IMAGE_UNREACHABLE');
    expect(message).toMatch(/refused/);
  });

  it("rejects with the caller's own reason when the caller aborts", async () => {
    server.route('/hang', hang());
    const { intake } = testIntake({ allowHosts: allowed });
    const caller = new AbortController();
    const fetching = intake.fromUrl(server.url('/hang'), caller.signal);
    const cancelled = new Error('client went away');
    caller.abort(cancelled);
    const error = await fetching.catch((reason: unknown) => reason);
    expect(error).toBe(cancelled);
    expect(error).not.toBeInstanceOf(Refusal);
  });
});

describe('fetch limits', () => {
  it('refuses a declared Content-Length over the cap before reading the body', async () => {
    let closed: Promise<{ finished: boolean }> | undefined;
    server.route('/huge', (_request, response) => {
      closed = whenClosed(response);
      response.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': 10 * 1024 * 1024 });
      response.write(Buffer.alloc(1024));
    });
    const { intake } = testIntake({ allowHosts: allowed, maxBytes: 64 * 1024 });
    const { code, message, ms } = await refusal(intake.fromUrl(server.url('/huge')));
    expect(code).toBe('IMAGE_TOO_LARGE');
    expect(message).toMatch(/65536 bytes/);
    expect(ms).toBeLessThan(1_000);
    expect(await closed).toEqual({ finished: false });
  });

  it('stops reading a chunked body without Content-Length once it passes the cap', async () => {
    let closed: Promise<{ finished: boolean }> | undefined;
    let written = 0;
    server.route('/endless', (_request, response) => {
      closed = whenClosed(response);
      response.writeHead(200, { 'content-type': 'image/jpeg' });
      // Writes 16 KiB at a time while the client reads, up to 4 MiB: far past the 64 KiB cap.
      const chunk = Buffer.alloc(16 * 1024, 0xff);
      const pump = (): void => {
        while (written < 4 * 1024 * 1024 && !response.destroyed) {
          written += chunk.length;
          if (!response.write(chunk)) {
            response.once('drain', pump);
            return;
          }
        }
        response.end();
      };
      pump();
    });
    const { intake } = testIntake({ allowHosts: allowed, maxBytes: 64 * 1024 });
    expect((await refusal(intake.fromUrl(server.url('/endless')))).code).toBe('IMAGE_TOO_LARGE');
    expect(await closed).toEqual({ finished: false });
    expect(written).toBeLessThan(4 * 1024 * 1024);
  });

  it('ends a body trickled one byte at a time at the total deadline', async () => {
    let closed: Promise<{ finished: boolean }> | undefined;
    server.route('/trickle', (_request, response) => {
      closed = whenClosed(response);
      response.writeHead(200, { 'content-type': 'image/jpeg' });
      // Each byte arrives well inside any idle timeout; only a total deadline ends this. Bounded: 2000 bytes.
      let sent = 0;
      const timer = setInterval(() => {
        response.write(Buffer.from([0xff]));
        sent += 1;
        if (sent >= 2_000) {
          clearInterval(timer);
          response.end();
        }
      }, 10);
      response.on('close', () => clearInterval(timer));
    });
    const { ms } = await endsAtDeadline(server.url('/trickle'), 500, { allowHosts: allowed });
    expect(ms).toBeGreaterThanOrEqual(450);
    expect(await closed).toEqual({ finished: false });
  });

  it('ends a fetch whose server accepts the connection but never answers', async () => {
    server.route('/hang', hang());
    const { ms } = await endsAtDeadline(server.url('/hang'), 400, { allowHosts: allowed });
    expect(ms).toBeGreaterThanOrEqual(350);
  });

  it('counts redirects inside the same deadline', async () => {
    server.route('/hop', redirectTo('/hang'));
    server.route('/hang', hang());
    await endsAtDeadline(server.url('/hop'), 400, { allowHosts: allowed });
    expect(server.requests.map(({ path }) => path)).toEqual(['/hop', '/hang']);
  });

  it('counts a DNS lookup that never answers inside the same deadline', async () => {
    const { guard } = await endsAtDeadline('https://images.example.com/a.jpg', 300, { resolve: () => new Promise(() => {}) });
    expect(guard.targets).toEqual([]);
  });
});
