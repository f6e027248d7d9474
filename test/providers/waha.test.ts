import { describe, expect, it } from 'vitest';
import { startWahaEmulator } from '../emulators/waha.js';
import { failureCode, withProviderSession } from '../support/provider-session.js';
import { describeProviderContract } from './provider-contract.js';

type Waha = Awaited<ReturnType<typeof startWahaEmulator>>;

function env(waha: Waha, overrides: Record<string, string> = {}): Record<string, string> {
  return { WA_PROVIDER: 'waha', WA_BASE_URL: waha.emulator.url, WA_API_KEY: waha.apiKey ?? '', WA_SESSION: 'default', ...overrides };
}

describeProviderContract<Waha>({
  name: 'WAHA',
  start: () => startWahaEmulator(),
  env: (waha, options) => env(waha, options?.wrongCredential ? { WA_API_KEY: 'wrong-key' } : {}),
  secrets: (waha) => [waha.apiKey ?? ''],
  jidOnWire: (request) => request.query.contactId ?? /\/(?:chats|groups)\/([^/]+)\/picture$/.exec(request.path)?.[1],
  credentialSent: (request, waha) => request.headers['x-api-key'] === waha.apiKey,
  personForm: 'c.us',
  capabilities: { preview: false, refresh: true, tellsHiddenFromNotSet: false },
  refreshOnWire: (request) => request.query.refresh === 'true',
});

describe('WAHA specifics', () => {
  async function codeFor(overrides: Record<string, string>, sessions: Record<string, 'WORKING' | 'STOPPED' | 'SCAN_QR_CODE'>) {
    const waha = await startWahaEmulator({ sessions });
    try {
      return await withProviderSession(env(waha, overrides), (fetch) => failureCode(fetch('491701234561@c.us')));
    } finally {
      await waha.emulator.close();
    }
  }

  it('maps a session that is not WORKING to SESSION_NOT_READY', async () => {
    expect(await codeFor({}, { default: 'SCAN_QR_CODE' })).toBe('SESSION_NOT_READY');
  });

  it('maps a session WAHA does not have to UNKNOWN_SESSION', async () => {
    expect(await codeFor({ WA_SESSION: 'missing' }, { default: 'WORKING' })).toBe('UNKNOWN_SESSION');
  });

  it('asks the group route for groups and the chat route for channels', async () => {
    const waha = await startWahaEmulator();
    try {
      await withProviderSession(env(waha), async (fetch) => {
        await fetch('120363012345678901@g.us');
        await fetch('120363012345678901@newsletter');
      });
      expect(waha.emulator.requests.map((request) => request.path)).toEqual([
        '/api/default/groups/120363012345678901@g.us/picture',
        '/api/default/chats/120363012345678901@newsletter/picture',
      ]);
    } finally {
      await waha.emulator.close();
    }
  });
});
