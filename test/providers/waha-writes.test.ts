import { describe, expect, it } from 'vitest';
import type { RecordedRequest } from '../emulators/emulator.js';
import { startWahaEmulator, type WahaEmulatorOptions } from '../emulators/waha.js';
import { writeCode, writeOutcome, type ProviderSession } from '../support/provider-session.js';
import { testJpeg } from '../support/test-images.js';
import { wahaAccount, wahaEnv, withEmulator, type Waha } from './emulator-accounts.js';
import { describeWriteContract } from './write-contract.js';

const GROUP = '120363012345678901@g.us';

function isWrite(request: RecordedRequest): boolean {
  return (request.method === 'PUT' || request.method === 'DELETE') && /^\/api\/[^/]+\/groups\/[^/]+\/picture$/.test(request.path);
}

function fileOf(request: RecordedRequest): Record<string, unknown> | undefined {
  return (JSON.parse(request.body) as { file?: Record<string, unknown> }).file;
}

describeWriteContract<Waha>({
  name: 'WAHA Plus',
  start: () => startWahaEmulator({ edition: 'plus' }),
  ...wahaAccount,
  capabilities: { setGroupPicture: ['bytes', 'url'], deleteGroupPicture: true },
  isWrite,
  imageOnWire: async (request) => {
    if (request.method === 'DELETE') {
      return null;
    }
    const file = fileOf(request);
    return typeof file?.data === 'string' ? { bytes: Buffer.from(file.data, 'base64') } : { url: String(file?.url) };
  },
  returnsPictureId: false,
  readAfterWrite: 'with-refresh',
  throttleRetryAfterSeconds: null,
});

describe('WAHA writes, specifics', () => {
  function withWaha<T>(options: WahaEmulatorOptions, run: (session: ProviderSession, waha: Waha) => Promise<T>, overrides = {}) {
    return withEmulator(startWahaEmulator(options), (waha) => wahaEnv(waha, overrides), run);
  }

  it('sends bytes as {file: {mimetype, filename, data}} and a URL as {file: {mimetype, url}}; delete is DELETE on the same path', async () => {
    const jpeg = await testJpeg();
    await withWaha({ edition: 'plus' }, async (session, waha) => {
      await session.set(GROUP, { form: 'bytes', bytes: jpeg, mimetype: 'image/jpeg' });
      await session.set(GROUP, { form: 'url', url: 'https://images.example/group.jpg' }).catch(() => undefined);
      await session.delete(GROUP);
      const [bytes, url, remove] = waha.emulator.requests;
      expect([bytes, url, remove].map((request) => `${request?.method} ${request?.path}`)).toEqual([
        `PUT /api/default/groups/${GROUP}/picture`,
        `PUT /api/default/groups/${GROUP}/picture`,
        `DELETE /api/default/groups/${GROUP}/picture`,
      ]);
      expect(JSON.parse(bytes?.body ?? '')).toEqual({
        file: { mimetype: 'image/jpeg', filename: 'group-picture.jpg', data: jpeg.toString('base64') },
      });
      expect(bytes?.headers['content-type']).toBe('application/json');
      expect(JSON.parse(url?.body ?? '')).toEqual({ file: { mimetype: 'image/jpeg', url: 'https://images.example/group.jpg' } });
      expect(remove?.body).toBe('');
      for (const request of waha.emulator.requests) {
        expect(request.headers['x-api-key']).toBe(waha.apiKey);
      }
    });
  });

  it("maps WAHA Core's 501 to NOT_SUPPORTED_BY_PROVIDER, for set and delete, one request each", async () => {
    await withWaha({ edition: 'core' }, async (session, waha) => {
      const set = await writeOutcome(session.set(GROUP, { form: 'bytes', bytes: await testJpeg(), mimetype: 'image/jpeg' }));
      expect(set).toMatchObject({ kind: 'refused', code: 'NOT_SUPPORTED_BY_PROVIDER' });
      expect(set.kind === 'refused' && set.message).toMatch(/WAHA Plus/);
      expect(await writeCode(session.delete(GROUP))).toBe('NOT_SUPPORTED_BY_PROVIDER');
      expect(waha.emulator.requests).toHaveLength(2);
      expect(waha.world.lookup('120363012345678901').kind).toBe('picture');
    });
  });

  it('serves the new picture without refresh once its own 3 s refresh after the write has run', async () => {
    let now = Date.UTC(2026, 10, 22, 9, 0);
    await withWaha({ edition: 'plus', now: () => now }, async (session, waha) => {
      const before = (await session.fetch(GROUP)).url;
      await session.set(GROUP, { form: 'bytes', bytes: await testJpeg(), mimetype: 'image/jpeg' });
      now += 2_999;
      expect((await session.fetch(GROUP)).url).toBe(before);
      now += 1;
      const after = (await session.fetch(GROUP)).url;
      const picture = waha.world.lookup('120363012345678901');
      expect(after).toContain(`/${picture.kind === 'picture' ? picture.pictureId : 'none'}_n.jpg?`);
      expect(waha.emulator.requests.map((request) => request.query.refresh)).toEqual([undefined, undefined, undefined, undefined]);
    });
  });

  it.each([
    [{ default: 'SCAN_QR_CODE' as const }, 'default', 'AppError SESSION_NOT_READY'],
    [{ default: 'WORKING' as const }, 'missing', 'AppError UNKNOWN_SESSION'],
  ])('maps the session manager’s 422 on a write (%j, session %s) to %s', async (sessions, name, code) => {
    await withWaha(
      { edition: 'plus', sessions },
      async (session) => {
        expect(await writeCode(session.delete(GROUP))).toBe(code);
      },
      { WA_SESSION: name },
    );
  });
});
