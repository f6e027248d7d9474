import { FormData, request as undiciRequest, Response } from 'undici';
import { describe, expect, it } from 'vitest';
import type { RecordedRequest } from '../emulators/emulator.js';
import { startGowaEmulator, type GowaEmulatorOptions } from '../emulators/gowa.js';
import { writeCode, writeOutcome, type ProviderSession } from '../support/provider-session.js';
import { testJpeg } from '../support/test-images.js';
import { gowaAccount, gowaBasic, gowaEnv, withEmulator, type Gowa } from './emulator-accounts.js';
import { describeWriteContract } from './write-contract.js';

const GROUP = '120363012345678901@g.us';

/** The multipart form as GoWA's Fiber would read it. */
async function formOf(request: RecordedRequest) {
  return new Response(request.rawBody, { headers: { 'content-type': String(request.headers['content-type']) } }).formData();
}

describeWriteContract<Gowa>({
  name: 'GoWA',
  start: () => startGowaEmulator(),
  ...gowaAccount,
  capabilities: { setGroupPicture: ['bytes'], deleteGroupPicture: true },
  isWrite: (request) => request.method === 'POST' && request.path === '/group/photo',
  imageOnWire: async (request) => {
    const photo = (await formOf(request)).get('photo');
    return typeof photo === 'object' && photo !== null ? { bytes: Buffer.from(await photo.arrayBuffer()) } : null;
  },
  returnsPictureId: true,
  readAfterWrite: 'immediate',
  throttleRetryAfterSeconds: null,
});

describe('GoWA writes, specifics', () => {
  function withGowa(options: GowaEmulatorOptions, run: (session: ProviderSession, gowa: Gowa) => Promise<void>, overrides = {}) {
    return withEmulator(startGowaEmulator(options), (gowa) => gowaEnv(gowa, overrides), run);
  }

  it('posts group_id and a photo part typed image/jpeg; a removal posts group_id alone', async () => {
    const jpeg = await testJpeg();
    await withGowa({}, async (session, gowa) => {
      await session.set(GROUP, { form: 'bytes', bytes: jpeg, mimetype: 'image/jpeg' });
      await session.delete(GROUP);
      const [set, remove] = gowa.emulator.requests;
      for (const request of [set, remove]) {
        expect(request?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
        expect(request?.headers['x-device-id']).toBe('device-a');
        expect(request?.headers.authorization).toBe(`Basic ${gowaBasic(gowa)}`);
      }
      const setForm = await formOf(set as RecordedRequest);
      expect([...setForm.keys()]).toEqual(['group_id', 'photo']);
      expect(setForm.get('group_id')).toBe(GROUP);
      const photo = setForm.get('photo');
      expect(typeof photo === 'object' && photo !== null && { name: photo.name, type: photo.type }).toEqual({
        name: 'group-picture.jpg',
        type: 'image/jpeg',
      });
      const removeForm = await formOf(remove as RecordedRequest);
      expect([...removeForm.entries()]).toEqual([['group_id', GROUP]]);
    });
  });

  it("answers WhatsApp's new picture id, which a read then reports; a removal answers none", async () => {
    await withGowa({}, async (session, gowa) => {
      const written = await session.set(GROUP, { form: 'bytes', bytes: await testJpeg(), mimetype: 'image/jpeg' });
      expect(written.pictureId).toMatch(/^\d+$/);
      expect(await session.fetch(GROUP)).toMatchObject({ status: 'AVAILABLE', id: written.pictureId });
      expect(await session.delete(GROUP)).toEqual({ pictureId: null });
      expect(await session.fetch(GROUP)).toMatchObject({ status: 'NOT_SET', url: null });
      expect(gowa.emulator.requests.filter((request) => request.path === '/group/photo')).toHaveLength(2);
    });
  });

  it('refuses a URL with NOT_SUPPORTED_BY_PROVIDER, without a request', async () => {
    await withGowa({}, async (session, gowa) => {
      expect(await writeCode(session.set(GROUP, { form: 'url', url: 'https://images.example/group.jpg' }))).toBe(
        'NOT_SUPPORTED_BY_PROVIDER',
      );
      expect(gowa.emulator.requests).toHaveLength(0);
    });
  });

  it('GoWA refuses a photo part typed application/octet-stream, which is why the adapter types its part', async () => {
    await withGowa({ basicAuth: null }, async (_, gowa) => {
      const form = new FormData();
      form.append('group_id', GROUP);
      form.append('photo', new Blob([new Uint8Array(await testJpeg())], { type: 'application/octet-stream' }), 'group.jpg');
      const response = await undiciRequest(`${gowa.emulator.url}/group/photo`, { method: 'POST', body: form });
      expect(response.statusCode).toBe(400);
      expect(await response.body.json()).toMatchObject({
        code: 'INVALID_IMAGE_FORMAT',
        message: expect.stringMatching(/^Image validation failed: /),
      });
    });
  });

  it('maps whatsmeow\'s "the given data is not a valid image" (IQ 406) to INVALID_IMAGE', async () => {
    await withGowa({}, async (session, gowa) => {
      gowa.emulator.inject({
        kind: 'status',
        status: 500,
        body: { code: 'INTERNAL_SERVER_ERROR', message: 'the given data is not a valid image' },
      });
      expect(await writeCode(session.set(GROUP, { form: 'bytes', bytes: await testJpeg(), mimetype: 'image/jpeg' }))).toBe('INVALID_IMAGE');
    });
  });

  it('maps a device that is not logged in to SESSION_NOT_READY and an unknown one to UNKNOWN_SESSION', async () => {
    await withGowa({ devices: { 'device-a': false } }, async (session) => {
      expect(await writeCode(session.delete(GROUP))).toBe('AppError SESSION_NOT_READY');
    });
    await withGowa(
      {},
      async (session) => {
        expect(await writeOutcome(session.delete(GROUP))).toMatchObject({ kind: 'failed', code: 'UNKNOWN_SESSION' });
      },
      { WA_SESSION: 'device-z' },
    );
  });
});
