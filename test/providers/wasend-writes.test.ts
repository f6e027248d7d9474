import { describe, expect, it } from 'vitest';
import type { RecordedRequest } from '../emulators/emulator.js';
import { startWasendEmulator } from '../emulators/wasend.js';
import { startImageServer } from '../support/image-server.js';
import { writeCode, writeOutcome, type ProviderSession } from '../support/provider-session.js';
import { testJpeg } from '../support/test-images.js';
import { wasendAccount, wasendEnv, withEmulator, type Wasend } from './emulator-accounts.js';
import { describeWriteContract } from './write-contract.js';

const GROUP = '120363012345678901@g.us';

function isWrite(request: RecordedRequest): boolean {
  return (request.method === 'PUT' || request.method === 'DELETE') && /^\/[^/]+\/groups\/[^/]+\/picture$/.test(request.path);
}

describeWriteContract<Wasend>({
  name: 'Wasend',
  start: () => startWasendEmulator({ retryAfterSeconds: 45 }),
  ...wasendAccount,
  capabilities: { setGroupPicture: ['url'], deleteGroupPicture: true },
  isWrite,
  imageOnWire: async (request) =>
    request.method === 'DELETE' ? null : { url: String((JSON.parse(request.body) as { url?: unknown }).url) },
  returnsPictureId: false,
  readAfterWrite: 'immediate',
  throttleRetryAfterSeconds: 45,
});

describe('Wasend writes, specifics', () => {
  function withWasend(run: (session: ProviderSession, wasend: Wasend) => Promise<void>, overrides = {}) {
    return withEmulator(startWasendEmulator(), (wasend) => wasendEnv(wasend, overrides), run);
  }

  it('puts {url, format: "jpeg", cropToSquare: true} with the URL unchanged; delete is DELETE on the same path', async () => {
    const images = await startImageServer({ '/group.jpg': { body: await testJpeg(), type: 'image/jpeg' } });
    try {
      await withWasend(async (session, wasend) => {
        const url = `${images.url('/group.jpg')}?v=2&sig=a%2Fb`;
        expect(await writeCode(session.set(GROUP, { form: 'url', url }))).toBe('written');
        expect(await writeCode(session.delete(GROUP))).toBe('written');
        const [set, remove] = wasend.emulator.requests;
        expect(`${set?.method} ${set?.path}`).toBe(`PUT /sess_01HZX/groups/${GROUP}/picture`);
        expect(JSON.parse(set?.body ?? '')).toEqual({ url, format: 'jpeg', cropToSquare: true });
        expect(`${remove?.method} ${remove?.path}`).toBe(`DELETE /sess_01HZX/groups/${GROUP}/picture`);
        for (const request of wasend.emulator.requests) {
          expect(request.headers.authorization).toBe(`Bearer ${wasend.apiKey}`);
        }
      });
    } finally {
      await images.close();
    }
  });

  it('refuses bytes with NOT_SUPPORTED_BY_PROVIDER, without a request', async () => {
    await withWasend(async (session, wasend) => {
      expect(await writeCode(session.set(GROUP, { form: 'bytes', bytes: await testJpeg(), mimetype: 'image/jpeg' }))).toBe(
        'NOT_SUPPORTED_BY_PROVIDER',
      );
      expect(wasend.emulator.requests).toHaveLength(0);
    });
  });

  it('maps an image URL Wasend cannot fetch (422) to INVALID_IMAGE', async () => {
    const images = await startImageServer({});
    try {
      await withWasend(async (session) => {
        expect(await writeOutcome(session.set(GROUP, { form: 'url', url: images.url('/gone.jpg') }))).toMatchObject({
          kind: 'refused',
          code: 'INVALID_IMAGE',
        });
      });
    } finally {
      await images.close();
    }
  });

  it('maps 404 "Session not found" to UNKNOWN_SESSION, apart from a group it cannot find', async () => {
    await withWasend(
      async (session) => {
        expect(await writeCode(session.delete(GROUP))).toBe('AppError UNKNOWN_SESSION');
      },
      { WA_SESSION: 'sess_unknown' },
    );
  });
});
