import { describe, expect, it } from 'vitest';
import { startWawpEmulator } from '../emulators/wawp.js';
import { writeOutcome } from '../support/provider-session.js';
import { testJpeg } from '../support/test-images.js';
import { wawpEnv, withEmulator } from './emulator-accounts.js';

describe('Wawp writes', () => {
  it('declares no group picture writes and refuses every one without a request', async () => {
    await withEmulator(
      startWawpEmulator(),
      (wawp) => wawpEnv(wawp),
      async (session, wawp) => {
        expect(session.provider.capabilities).toMatchObject({ setGroupPicture: [], deleteGroupPicture: false });
        const group = '120363012345678901@g.us';
        const outcomes = [
          await writeOutcome(session.set(group, { form: 'bytes', bytes: await testJpeg(), mimetype: 'image/jpeg' })),
          await writeOutcome(session.set(group, { form: 'url', url: 'https://images.example/group.jpg' })),
          await writeOutcome(session.delete(group)),
        ];
        for (const outcome of outcomes) {
          expect(outcome).toMatchObject({ kind: 'refused', code: 'NOT_SUPPORTED_BY_PROVIDER', retryAt: null });
        }
        expect(JSON.stringify(outcomes)).not.toContain(wawp.accessToken);
        expect(wawp.emulator.requests).toHaveLength(0);
      },
    );
  });
});
