import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { AppError } from '../../src/errors.js';
import { parseJid } from '../../src/pictures/jid.js';
import { createSessionRegistry } from '../../src/sessions.js';
import { startEvolutionEmulator } from '../emulators/evolution.js';
import { describeProviderContract } from './provider-contract.js';

type Evolution = Awaited<ReturnType<typeof startEvolutionEmulator>>;

function env(evolution: Evolution, overrides: Record<string, string> = {}): Record<string, string> {
  return { WA_PROVIDER: 'evolution', WA_BASE_URL: evolution.emulator.url, WA_API_KEY: evolution.apiKey, WA_SESSION: 'crm-main', ...overrides };
}

function number(body: string): string | undefined {
  try {
    return (JSON.parse(body) as { number?: string }).number;
  } catch {
    return undefined;
  }
}

describeProviderContract<Evolution>({
  name: 'Evolution API',
  start: () => startEvolutionEmulator(),
  env: (evolution, options) => env(evolution, options?.wrongCredential ? { WA_API_KEY: 'wrong-key' } : {}),
  secrets: (evolution) => [evolution.apiKey],
  jidOnWire: (request) => number(request.body),
  credentialSent: (request, evolution) =>
    request.method === 'POST' && request.path === '/chat/fetchProfilePictureUrl/crm-main' && request.headers.apikey === evolution.apiKey,
  personForm: 's.whatsapp.net',
  capabilities: { preview: false, refresh: false, tellsHiddenFromNotSet: false },
  refreshOnWire: (request) => request.body.includes('refresh') || request.query.refresh !== undefined,
});

describe('Evolution API specifics', () => {
  async function fetchWith(overrides: Record<string, string>, instances: Record<string, 'open' | 'close'>) {
    const evolution = await startEvolutionEmulator({ instances });
    const config = loadConfig(env(evolution, overrides));
    const registry = createSessionRegistry(config, { publicUrl: () => '', upstream: config.upstream });
    try {
      return await registry
        .get('default')
        ?.provider.fetchPicture({ jid: parseJid('491701234561@c.us'), preview: false, refresh: false, signal: AbortSignal.timeout(2_000) })
        .catch((error: AppError) => error.code);
    } finally {
      await registry.close();
      await evolution.emulator.close();
    }
  }

  it('maps an unknown instance to UNKNOWN_SESSION', async () => {
    expect(await fetchWith({ WA_SESSION: 'other' }, { 'crm-main': 'open' })).toBe('UNKNOWN_SESSION');
  });

  it('reports a closed instance as NONE, as Evolution answers null', async () => {
    expect(await fetchWith({}, { 'crm-main': 'close' })).toMatchObject({ status: 'NONE', url: null });
  });
});
