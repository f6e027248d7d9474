import { describe, expect, it } from 'vitest';
import { startWahaEmulator } from '../emulators/waha.js';
import { failureCode } from '../support/provider-session.js';
import { wahaAccount, wahaEnv, withEmulator, type Waha } from './emulator-accounts.js';
import { describeProviderContract } from './provider-contract.js';

describeProviderContract<Waha>({
  name: 'WAHA',
  start: () => startWahaEmulator(),
  ...wahaAccount,
  jidOnWire: (request) => request.query.contactId ?? /\/(?:chats|groups)\/([^/]+)\/picture$/.exec(request.path)?.[1],
  credentialSent: (request, waha) => request.headers['x-api-key'] === waha.apiKey,
  personForm: 'c.us',
  capabilities: { preview: false, refresh: true, tellsHiddenFromNotSet: false },
  refreshOnWire: (request) => request.query.refresh === 'true',
});

describe('WAHA specifics', () => {
  function codeFor(overrides: Record<string, string>, sessions: Record<string, 'WORKING' | 'STOPPED' | 'SCAN_QR_CODE'>) {
    return withEmulator(
      startWahaEmulator({ sessions }),
      (waha) => wahaEnv(waha, overrides),
      (session) => failureCode(session.fetch('491701234561@c.us')),
    );
  }

  it('maps a session that is not WORKING to SESSION_NOT_READY', async () => {
    expect(await codeFor({}, { default: 'SCAN_QR_CODE' })).toBe('SESSION_NOT_READY');
  });

  it('maps a session WAHA does not have to UNKNOWN_SESSION', async () => {
    expect(await codeFor({ WA_SESSION: 'missing' }, { default: 'WORKING' })).toBe('UNKNOWN_SESSION');
  });

  it('asks the group route for groups and the chat route for channels', async () => {
    await withEmulator(
      startWahaEmulator(),
      (waha) => wahaEnv(waha),
      async (session, waha) => {
        await session.fetch('120363012345678901@g.us');
        await session.fetch('120363012345678901@newsletter');
        expect(waha.emulator.requests.map((request) => request.path)).toEqual([
          '/api/default/groups/120363012345678901@g.us/picture',
          '/api/default/chats/120363012345678901@newsletter/picture',
        ]);
      },
    );
  });
});
