import { describe, expect, it } from 'vitest';
import { startWawpEmulator } from '../emulators/wawp.js';
import { failureCode, withProviderSession } from '../support/provider-session.js';
import { describeProviderContract } from './provider-contract.js';

type Wawp = Awaited<ReturnType<typeof startWawpEmulator>>;

function env(wawp: Wawp, overrides: Record<string, string> = {}): Record<string, string> {
  return { WA_PROVIDER: 'wawp', WA_BASE_URL: wawp.emulator.url, WA_API_KEY: wawp.accessToken, WA_SESSION: wawp.instanceId, ...overrides };
}

describeProviderContract<Wawp>({
  name: 'Wawp',
  start: () => startWawpEmulator(),
  env: (wawp, options) => env(wawp, options?.wrongCredential ? { WA_API_KEY: 'wrong-token' } : {}),
  secrets: (wawp) => [wawp.accessToken],
  jidOnWire: (request) => request.query.contactId ?? request.query.chatId ?? /^\/v2\/groups\/([^/]+)\/picture$/.exec(request.path)?.[1],
  credentialSent: (request, wawp) => request.query.access_token === wawp.accessToken && request.query.instance_id === wawp.instanceId,
  personForm: 'c.us',
  capabilities: { preview: false, refresh: true, tellsHiddenFromNotSet: false },
  refreshOnWire: (request) => request.query.refresh === 'true',
});

describe('Wawp specifics', () => {
  it('maps a dropped WhatsApp session (404 invalid_session) to SESSION_NOT_READY', async () => {
    const wawp = await startWawpEmulator({ connected: false });
    try {
      expect(await withProviderSession(env(wawp), (fetch) => failureCode(fetch('491701234561@c.us')))).toBe('SESSION_NOT_READY');
    } finally {
      await wawp.emulator.close();
    }
  });
});
