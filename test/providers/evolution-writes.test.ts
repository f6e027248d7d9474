import { request as undiciRequest } from 'undici';
import { describe, expect, it } from 'vitest';
import type { RecordedRequest } from '../emulators/emulator.js';
import { startEvolutionEmulator } from '../emulators/evolution.js';
import { startImageServer } from '../support/image-server.js';
import { writeCode, type ProviderSession } from '../support/provider-session.js';
import { testJpeg } from '../support/test-images.js';
import { evolutionAccount, evolutionEnv, withEmulator, type Evolution } from './emulator-accounts.js';
import { describeWriteContract } from './write-contract.js';

const GROUP = '120363012345678901@g.us';

function imageField(request: RecordedRequest): string {
  return String((JSON.parse(request.body) as { image?: unknown }).image);
}

describeWriteContract<Evolution>({
  name: 'Evolution API',
  start: () => startEvolutionEmulator(),
  ...evolutionAccount,
  capabilities: { setGroupPicture: ['bytes', 'url'], deleteGroupPicture: false },
  isWrite: (request) => request.path.startsWith('/group/updateGroupPicture/'),
  imageOnWire: async (request) => {
    const image = imageField(request);
    return /^https?:/.test(image) ? { url: image } : { bytes: Buffer.from(image, 'base64') };
  },
  returnsPictureId: false,
  readAfterWrite: 'immediate',
  throttleRetryAfterSeconds: null,
});

describe('Evolution API writes, specifics', () => {
  function withEvolution(
    instances: Record<string, 'open' | 'close'>,
    run: (session: ProviderSession, evolution: Evolution) => Promise<void>,
    overrides = {},
  ) {
    return withEmulator(startEvolutionEmulator({ instances }), (evolution) => evolutionEnv(evolution, overrides), run);
  }

  it('posts {image: raw base64} with groupJid in the query, and takes the 201', async () => {
    const jpeg = await testJpeg();
    await withEvolution({ 'crm-main': 'open' }, async (session, evolution) => {
      expect(await session.set(GROUP, { form: 'bytes', bytes: jpeg, mimetype: 'image/jpeg' })).toEqual({ pictureId: null });
      const [request] = evolution.emulator.requests;
      expect(`${request?.method} ${request?.path}`).toBe('POST /group/updateGroupPicture/crm-main');
      expect(request?.query).toEqual({ groupJid: GROUP });
      expect(request?.headers.apikey).toBe(evolution.apiKey);
      const body = JSON.parse(request?.body ?? '') as Record<string, string>;
      expect(Object.keys(body)).toEqual(['image']);
      expect(body.image).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
      expect(body.image).toBe(jpeg.toString('base64'));
    });
  });

  it('passes a URL on unchanged; Evolution then downloads it with ?timestamp= appended', async () => {
    const images = await startImageServer({ '/group.jpg': { body: await testJpeg(), type: 'image/jpeg' } });
    try {
      await withEvolution({ 'crm-main': 'open' }, async (session, evolution) => {
        const url = images.url('/group.jpg');
        expect(await writeCode(session.set(GROUP, { form: 'url', url }))).toBe('written');
        expect(imageField(evolution.emulator.requests[0] as RecordedRequest)).toBe(url);
        expect(images.hits).toEqual([expect.stringMatching(/^\/group\.jpg\?timestamp=\d+$/)]);
      });
    } finally {
      await images.close();
    }
  });

  it('Evolution answers a data: URI with an opaque 500, which is why the adapter sends raw base64', async () => {
    await withEvolution({ 'crm-main': 'open' }, async (_, evolution) => {
      const response = await undiciRequest(`${evolution.emulator.url}/group/updateGroupPicture/crm-main?groupJid=${GROUP}`, {
        method: 'POST',
        headers: { apikey: evolution.apiKey, 'content-type': 'application/json' },
        body: JSON.stringify({ image: `data:image/jpeg;base64,${(await testJpeg()).toString('base64')}` }),
      });
      expect(response.statusCode).toBe(500);
      expect(await response.body.json()).toEqual({
        status: 500,
        error: 'Internal Server Error',
        response: { message: ['Error update group picture', '[object Object]'] },
      });
    });
  });

  it('maps a closed instance to SESSION_NOT_READY and an unknown one to UNKNOWN_SESSION', async () => {
    const image = { form: 'bytes', bytes: await testJpeg(), mimetype: 'image/jpeg' } as const;
    await withEvolution({ 'crm-main': 'close' }, async (session) => {
      expect(await writeCode(session.set(GROUP, image))).toBe('AppError SESSION_NOT_READY');
    });
    await withEvolution(
      { 'crm-main': 'open' },
      async (session) => expect(await writeCode(session.set(GROUP, image))).toBe('AppError UNKNOWN_SESSION'),
      {
        WA_SESSION: 'other',
      },
    );
  });
});
