import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { postGraphQL, startSubgraph } from '../support/start-subgraph.js';
import { subgraphsForSuite } from '../support/suite-subgraphs.js';

const BROWSER = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', 'accept-encoding': 'gzip, deflate, br' };

/** The bytes as sent (undici's request does not decompress) and the headers. */
async function raw(url: string, headers: Record<string, string>, method: 'GET' | 'HEAD' = 'GET') {
  const response = await request(url, { method, headers });
  const body = Buffer.from(await response.body.arrayBuffer());
  const header = (name: string) => {
    const value = response.headers[name];
    return Array.isArray(value) ? value.join(', ') : value;
  };
  return { status: response.statusCode, body, header };
}

describe('the browser pages', () => {
  const subgraph = subgraphsForSuite();

  it('serves the 9 MB playground compressed once (brotli or gzip), with a strong ETag per coding and 304s', async () => {
    const running = await subgraph();
    const url = `${running.url}/graphql`;
    const br = await raw(url, BROWSER);
    expect(br.status).toBe(200);
    expect([br.header('content-encoding'), br.header('vary'), br.header('cache-control')]).toEqual(['br', 'accept-encoding', 'no-cache']);
    expect(br.header('etag')).toMatch(/^"[\w-]{27}-br"$/);
    const gzip = await raw(url, { ...BROWSER, 'accept-encoding': 'gzip' });
    const plain = await raw(url, { ...BROWSER, 'accept-encoding': 'identity' });
    expect(gzip.header('content-encoding')).toBe('gzip');
    expect(plain.header('content-encoding')).toBeUndefined();
    expect(new Set([br.header('etag'), gzip.header('etag'), plain.header('etag')]).size).toBe(3);
    // The README's sizes: about 9 MB, about 2 MB compressed.
    expect(plain.body.length / 2 ** 20).toBeGreaterThan(8);
    expect(plain.body.length / 2 ** 20).toBeLessThan(10);
    expect(br.body.length / 2 ** 20).toBeLessThan(2.5);
    expect(gzip.body.length / 2 ** 20).toBeLessThan(3);
    expect(Number(br.header('content-length'))).toBe(br.body.length);
    const html = plain.body.toString('utf8');
    expect(html.includes('<title>WhatsApp pictures subgraph</title>')).toBe(true);
    expect(html.includes('DemoChatPictures')).toBe(true);
    // What fetch decompresses is the same page.
    expect((await (await fetch(url, { headers: BROWSER })).text()) === html).toBe(true);

    const again = await raw(url, { ...BROWSER, 'if-none-match': br.header('etag') ?? '' });
    expect([again.status, again.body.length, again.header('etag')]).toEqual([304, 0, br.header('etag')]);
    const changed = await raw(url, { ...BROWSER, 'if-none-match': '"something-else"' });
    expect(changed.status).toBe(200);
  });

  it('sends the playground with a policy that lets only its own inline scripts run and forbids framing', async () => {
    const running = await subgraph();
    const page = await raw(`${running.url}/graphql`, BROWSER);
    const policy = page.header('content-security-policy') ?? '';
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("connect-src 'self'");
    expect(policy).toMatch(/script-src( 'sha256-[\w+/=]{44}')+;/);
    expect(policy).not.toMatch(/script-src[^;]*unsafe/);
    expect([page.header('x-content-type-options'), page.header('x-frame-options'), page.header('referrer-policy')]).toEqual([
      'nosniff',
      'DENY',
      'no-referrer',
    ]);
  });

  it('serves the gallery page and its script compressed, with validators and the page policy', async () => {
    const running = await subgraph();
    const page = await raw(`${running.url}/demo`, BROWSER);
    expect([page.status, page.header('content-encoding'), page.header('x-content-type-options')]).toEqual([200, 'br', 'nosniff']);
    expect(page.header('content-security-policy')).toContain("frame-ancestors 'none'");
    const script = await raw(`${running.url}/demo/gallery.js`, BROWSER);
    expect([script.status, script.header('content-type'), script.header('x-content-type-options')]).toEqual([
      200,
      'text/javascript; charset=utf-8',
      'nosniff',
    ]);
    const revalidated = await raw(`${running.url}/demo/gallery.js`, { ...BROWSER, 'if-none-match': script.header('etag') ?? '' });
    expect(revalidated.status).toBe(304);
    const head = await raw(`${running.url}/demo`, BROWSER, 'HEAD');
    expect([head.status, head.body.length, head.header('content-length')]).toEqual([200, 0, String(page.body.length)]);
  });

  it('serves neither page behind ROUTER_SECRET unless PLAYGROUND=true says so', async () => {
    const guarded = await subgraph({ ROUTER_SECRET: 'only-the-router' });
    const landing = await raw(`${guarded.url}/graphql`, BROWSER);
    expect(landing.header('content-type') ?? '').not.toContain('text/html');
    expect((await raw(`${guarded.url}/demo`, BROWSER)).status).toBe(404);
    expect((await raw(`${guarded.url}/demo/gallery.js`, BROWSER)).status).toBe(404);

    const enabled = await subgraph({ ROUTER_SECRET: 'only-the-router', PLAYGROUND: 'true' });
    const page = await raw(`${enabled.url}/graphql`, { ...BROWSER, 'accept-encoding': 'identity' });
    expect(page.header('content-type')).toBe('text/html; charset=utf-8');
    // Large pages: test with includes, so a failure does not print 9 MB.
    const html = page.body.toString('utf8');
    expect(html.includes('<ROUTER_SECRET>')).toBe(true);
    expect(html.includes('only-the-router')).toBe(false);
  });

  it('offers the token header as a placeholder under AUTH_MODE=jwt, never a token', async () => {
    const jwt = {
      AUTH_MODE: 'jwt',
      AUTH_JWT_SECRET: 'a-test-secret-that-is-long-enough-for-hs256',
      AUTH_JWT_ISSUER: 'https://id.example',
      AUTH_JWT_AUDIENCE: 'pictures',
    };
    const bearer = (await raw(`${(await subgraph(jwt)).url}/graphql`, { ...BROWSER, 'accept-encoding': 'identity' })).body.toString('utf8');
    expect(/authorization[\\"]*: [\\"]*Bearer <token>/.test(bearer)).toBe(true);
    const custom = (
      await raw(`${(await subgraph({ ...jwt, AUTH_TOKEN_HEADER: 'x-user-token' })).url}/graphql`, {
        ...BROWSER,
        'accept-encoding': 'identity',
      })
    ).body.toString('utf8');
    expect(/x-user-token[\\"]*: [\\"]*<token>/.test(custom)).toBe(true);
  });
});

describe('/demo-pictures', () => {
  it('exists only where a session uses the demo provider', async () => {
    const waha = await startSubgraph({ env: { WA_PROVIDER: 'waha', WA_BASE_URL: 'http://127.0.0.1:9' } });
    try {
      const oe = Math.floor(Date.now() / 1000 + 3600).toString(16);
      expect((await fetch(`${waha.url}/demo-pictures/15550000001@c.us/full.svg?oe=${oe}`)).status).toBe(404);
    } finally {
      await waha.close();
    }
  });

  it('caps its cache lifetime at the latest expiry the demo hands out, whatever `oe` says', async () => {
    const demo = await startSubgraph();
    try {
      const { body } = await postGraphQL(demo.url, {
        query: '{ _entities(representations: [{ __typename: "Chat", id: "15550000001@c.us" }]) { ... on Chat { picture { url } } } }',
      });
      const url = new URL(String((body.data?._entities as Array<{ picture: { url: string } }>)[0]?.picture.url));
      const honest = await fetch(url);
      const honestAge = Number(/max-age=(\d+)/.exec(honest.headers.get('cache-control') ?? '')?.[1]);
      expect(honestAge).toBeGreaterThan(6 * 3600 - 60);
      expect(honestAge).toBeLessThanOrEqual(12 * 3600);
      url.searchParams.set('oe', 'ffffffff');
      const forged = await fetch(url);
      expect(forged.status).toBe(200);
      expect(Number(/max-age=(\d+)/.exec(forged.headers.get('cache-control') ?? '')?.[1])).toBeLessThanOrEqual(12 * 3600);
    } finally {
      await demo.close();
    }
  });
});
