import { describe, expect, it } from 'vitest';
import { startGowaEmulator, type GowaEmulatorOptions } from '../emulators/gowa.js';
import { failureCode, type FetchPicture } from '../support/provider-session.js';
import { gowaAccount, gowaBasic, gowaEnv, withEmulator, type Gowa } from './emulator-accounts.js';
import { describeProviderContract } from './provider-contract.js';

describeProviderContract<Gowa>({
  name: 'GoWA',
  start: () => startGowaEmulator(),
  ...gowaAccount,
  jidOnWire: (request) => request.query.phone,
  credentialSent: (request, gowa) =>
    request.headers.authorization === `Basic ${gowaBasic(gowa)}` && request.headers['x-device-id'] === 'device-a',
  personForm: 's.whatsapp.net',
  capabilities: { preview: true, refresh: false, tellsHiddenFromNotSet: true },
  refreshOnWire: (request) => request.query.refresh !== undefined,
});

describe('GoWA specifics', () => {
  function withGowa(
    options: GowaEmulatorOptions,
    overrides: Record<string, string>,
    run: (fetch: FetchPicture, gowa: Gowa) => Promise<void>,
  ) {
    return withEmulator(
      startGowaEmulator(options),
      (gowa) => gowaEnv(gowa, overrides),
      (session, gowa) => run(session.fetch, gowa),
    );
  }

  it("keeps GoWA's own picture id and reports the preview it really got", async () => {
    await withGowa({}, {}, async (fetch, gowa) => {
      const answer = await fetch('491701234561@c.us', { preview: true });
      expect(answer).toMatchObject({ status: 'AVAILABLE', id: '17012345611', preview: true });
      expect(gowa.emulator.requests[0]?.query).toMatchObject({ phone: '491701234561@s.whatsapp.net', is_preview: 'true' });
      expect(await fetch('491701234561@c.us')).toMatchObject({ id: '17012345611', preview: false });
    });
  });

  it('maps "you are not logged in" to SESSION_NOT_READY', async () => {
    await withGowa({ devices: { 'device-a': false } }, {}, async (fetch) => {
      expect(await failureCode(fetch('491701234561@c.us'))).toBe('SESSION_NOT_READY');
    });
  });

  it("maps WhatsApp's rate-overlimit, which GoWA passes on in a 500, to UPSTREAM_RATE_LIMITED rather than an outage", async () => {
    await withGowa({}, {}, async (fetch, gowa) => {
      gowa.emulator.inject({
        kind: 'status',
        status: 500,
        body: { code: 'INTERNAL_SERVER_ERROR', message: 'info query returned status 429: rate-overlimit' },
      });
      expect(await failureCode(fetch('491701234561@c.us'))).toBe('UPSTREAM_RATE_LIMITED');
    });
  });

  it('maps an unknown device to UNKNOWN_SESSION', async () => {
    await withGowa({}, { WA_SESSION: 'device-z' }, async (fetch) => {
      expect(await failureCode(fetch('491701234561@c.us'))).toBe('UNKNOWN_SESSION');
    });
  });

  it('sends no device header when no device is configured, as GoWA allows with one device', async () => {
    await withGowa({ basicAuth: null }, { WA_USERNAME: '', WA_PASSWORD: '', WA_SESSION: '' }, async (fetch, gowa) => {
      expect(await fetch('491701234561@c.us')).toMatchObject({ status: 'AVAILABLE' });
      expect(gowa.emulator.requests[0]?.headers['x-device-id']).toBeUndefined();
      expect(gowa.emulator.requests[0]?.headers.authorization).toBeUndefined();
    });
  });
});
