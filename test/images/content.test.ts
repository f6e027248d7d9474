import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PictureServer, serveBytes } from './support/picture-server.js';
import { gif, HTML, jpeg, pixelBombPng, polyglotPng, SVG, TEXT, transparentPng, webp } from './support/pictures.js';
import { closeTestIntakes, refusal, testIntake } from './support/test-intake.js';

afterEach(closeTestIntakes);

describe('base64 input', () => {
  it.each([
    ['JPEG', () => jpeg(64, 48), { type: 'jpeg', width: 64, height: 48 }],
    ['PNG', () => transparentPng(20, 10), { type: 'png', width: 20, height: 10 }],
    ['WebP', () => webp(30, 40), { type: 'webp', width: 30, height: 40 }],
  ])('takes a %s as raw base64 and as a data: URI', async (_type, make, expected) => {
    const bytes = await make();
    const { intake } = testIntake();
    const raw = await intake.fromBase64(bytes.toString('base64'));
    expect(raw).toMatchObject(expected);
    expect(raw.bytes.equals(bytes)).toBe(true);
    expect(await intake.fromBase64(`data:image/${expected.type};base64,${bytes.toString('base64')}`)).toMatchObject(expected);
  });

  it('ignores whitespace, line breaks and the declared type, and takes the URL-safe alphabet', async () => {
    const bytes = await jpeg();
    const wrapped = bytes.toString('base64').replace(/.{76}/g, '$&\r\n');
    const { intake } = testIntake();
    expect((await intake.fromBase64(` data:image/png;base64,\n${wrapped}\n`)).type).toBe('jpeg');
    expect((await intake.fromBase64(bytes.toString('base64url'))).type).toBe('jpeg');
  });

  it.each([
    ['characters outside base64', 'not base64 at all!'],
    ['an impossible length', 'QUJDR'],
    ['padding in the middle', 'QQ==QUJD'],
    ['nothing', '   '],
    ['a data: URI that is not base64', 'data:image/svg+xml,<svg xmlns="http://www.w3.org/2000/svg"/>'],
    ['a data: URI that is not an image', `data:text/html;base64,${HTML.toString('base64')}`],
  ])('refuses %s as INVALID_IMAGE', async (_case, value) => {
    const { intake } = testIntake();
    expect((await refusal(intake.fromBase64(value))).code).toBe('INVALID_IMAGE');
  });

  it('refuses by length before decoding, so even oversized garbage is IMAGE_TOO_LARGE', async () => {
    const { intake } = testIntake({ maxBytes: 3_000 });
    // 4004 characters would decode to 3003 bytes; the '!' would make decoding fail, were it tried.
    const { code, message } = await refusal(intake.fromBase64('!'.repeat(4_004)));
    expect(code).toBe('IMAGE_TOO_LARGE');
    expect(message).toMatch(/3000 bytes/);
    // Exactly at the limit is fine as far as size goes (then it is not an image).
    expect((await refusal(intake.fromBase64('A'.repeat(4_000)))).code).toBe('UNSUPPORTED_IMAGE_TYPE');
  });
});

describe('what the bytes are', () => {
  let server: PictureServer;

  beforeAll(async () => {
    server = await PictureServer.start();
  });
  afterAll(() => server.close());

  // Each case once as base64 and once over HTTP with a Content-Type that claims JPEG.
  it.each([
    ['text', () => TEXT, 'UNSUPPORTED_IMAGE_TYPE', /not an accepted image/],
    ['HTML', () => HTML, 'UNSUPPORTED_IMAGE_TYPE', /not an accepted image/],
    ['SVG', () => SVG, 'UNSUPPORTED_IMAGE_TYPE', /not an accepted image/],
    ['GIF', gif, 'UNSUPPORTED_IMAGE_TYPE', /A GIF file is not an accepted image/],
    ['a PNG/HTML polyglot', polyglotPng, 'INVALID_IMAGE', /corrupt/],
    ['a 50000×50000 pixel bomb', pixelBombPng, 'IMAGE_TOO_LARGE', /more than 4000000 pixels/],
    ['an empty body', () => Buffer.alloc(0), 'INVALID_IMAGE', /empty/],
  ])('refuses %s', async (name, make, expectedCode, expectedMessage) => {
    const bytes = await make();
    server.route(`/${encodeURIComponent(name)}`, serveBytes(bytes, 'image/jpeg'));
    const { intake } = testIntake({ allowHosts: [server.host] });
    const attempts = [() => intake.fromBase64(bytes.toString('base64')), () => intake.fromUrl(server.url(`/${encodeURIComponent(name)}`))];
    for (const attempt of attempts) {
      const { code, message, ms } = await refusal(attempt());
      expect(code).toBe(expectedCode);
      expect(message).toMatch(expectedMessage);
      expect(ms).toBeLessThan(2_000);
    }
  });
});
