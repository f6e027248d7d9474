import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { AppError } from '../../src/errors.js';
import { parseJid } from '../../src/pictures/jid.js';
import { createSessionRegistry } from '../../src/sessions.js';
import { startWawpEmulator } from '../emulators/wawp.js';
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
    const config = loadConfig(env(wawp));
    const registry = createSessionRegistry(config, { publicUrl: () => '', upstream: config.upstream });
    try {
      const failure = await registry
        .get('default')
        ?.provider.fetchPicture({ jid: parseJid('491701234561@c.us'), preview: false, refresh: false, signal: AbortSignal.timeout(2_000) })
        .catch((error: AppError) => error.code);
      expect(failure).toBe('SESSION_NOT_READY');
    } finally {
      await registry.close();
      await wawp.emulator.close();
    }
  });
});
