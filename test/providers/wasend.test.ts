import { describe, expect, it } from 'vitest';
import { startWasendEmulator } from '../emulators/wasend.js';
import { failureCode, withProviderSession, type FetchPicture } from '../support/provider-session.js';
import { describeProviderContract } from './provider-contract.js';

type Wasend = Awaited<ReturnType<typeof startWasendEmulator>>;

function env(wasend: Wasend, overrides: Record<string, string> = {}): Record<string, string> {
  return { WA_PROVIDER: 'wasend', WA_BASE_URL: wasend.emulator.url, WA_API_KEY: wasend.apiKey, WA_SESSION: 'sess_01HZX', ...overrides };
}

describeProviderContract<Wasend>({
  name: 'Wasend',
  start: () => startWasendEmulator(),
  env: (wasend, options) => env(wasend, options?.wrongCredential ? { WA_API_KEY: 'wrong-key' } : {}),
  secrets: (wasend) => [wasend.apiKey],
  jidOnWire: (request) => request.query.contactId ?? /\/(?:groups|chats)\/([^/]+)\/picture$/.exec(request.path)?.[1],
  credentialSent: (request, wasend) => request.headers.authorization === `Bearer ${wasend.apiKey}`,
  personForm: 'c.us',
  capabilities: { preview: false, refresh: true, tellsHiddenFromNotSet: false },
  refreshOnWire: (request) => request.query.refresh === 'true',
});

describe('Wasend specifics', () => {
  async function withWasend(run: (fetch: FetchPicture, wasend: Wasend) => Promise<void>, overrides: Record<string, string> = {}) {
    const wasend = await startWasendEmulator();
    try {
      await withProviderSession(env(wasend, overrides), (fetch) => run(fetch, wasend));
    } finally {
      await wasend.emulator.close();
    }
  }

  it.each(['docs', 'sdk'] as const)('reads the group picture in the %s shape', async (shape) => {
    await withWasend(async (fetch, wasend) => {
      wasend.settings.groupShape = shape;
      expect(await fetch('120363012345678901@g.us')).toMatchObject({
        status: 'AVAILABLE',
        url: expect.stringContaining('pps.whatsapp.net'),
      });
      expect(await fetch('120363012345678906@g.us')).toMatchObject({ status: 'NONE', url: null });
    });
  });

  it('maps "Session not found" to UNKNOWN_SESSION', async () => {
    await withWasend(
      async (fetch) => {
        expect(await failureCode(fetch('491701234561@c.us'))).toBe('UNKNOWN_SESSION');
      },
      { WA_SESSION: 'sess_unknown' },
    );
  });
});
