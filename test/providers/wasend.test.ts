import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { AppError } from '../../src/errors.js';
import { parseJid } from '../../src/pictures/jid.js';
import { createSessionRegistry } from '../../src/sessions.js';
import { startWasendEmulator } from '../emulators/wasend.js';
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
  async function withWasend<T>(run: (fetch: (raw: string) => Promise<unknown>, wasend: Wasend) => Promise<T>, overrides: Record<string, string> = {}) {
    const wasend = await startWasendEmulator();
    const config = loadConfig(env(wasend, overrides));
    const registry = createSessionRegistry(config, { publicUrl: () => '', upstream: config.upstream });
    const provider = registry.get('default')?.provider;
    try {
      return await run(
        (raw) =>
          provider?.fetchPicture({ jid: parseJid(raw), preview: false, refresh: false, signal: AbortSignal.timeout(2_000) }) ?? Promise.reject(new Error('no provider')),
        wasend,
      );
    } finally {
      await registry.close();
      await wasend.emulator.close();
    }
  }

  it.each(['docs', 'sdk'] as const)('reads the group picture in the %s shape', async (shape) => {
    await withWasend(async (fetch, wasend) => {
      wasend.settings.groupShape = shape;
      expect(await fetch('120363012345678901@g.us')).toMatchObject({ status: 'AVAILABLE', url: expect.stringContaining('pps.whatsapp.net') });
      expect(await fetch('120363012345678906@g.us')).toMatchObject({ status: 'NONE', url: null });
    });
  });

  it('maps "Session not found" to UNKNOWN_SESSION', async () => {
    await withWasend(
      async (fetch) => {
        expect(await fetch('491701234561@c.us').catch((error: AppError) => error.code)).toBe('UNKNOWN_SESSION');
      },
      { WA_SESSION: 'sess_unknown' },
    );
  });
});
