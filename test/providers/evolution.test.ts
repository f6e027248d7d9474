import { describe, expect, it } from 'vitest';
import { startEvolutionEmulator } from '../emulators/evolution.js';
import { failureCode, withProviderSession } from '../support/provider-session.js';
import { describeProviderContract } from './provider-contract.js';

type Evolution = Awaited<ReturnType<typeof startEvolutionEmulator>>;

function env(evolution: Evolution, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    WA_PROVIDER: 'evolution',
    WA_BASE_URL: evolution.emulator.url,
    WA_API_KEY: evolution.apiKey,
    WA_SESSION: 'crm-main',
    ...overrides,
  };
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
  async function withEvolution<T>(
    overrides: Record<string, string>,
    instances: Record<string, 'open' | 'close'>,
    run: Parameters<typeof withProviderSession<T>>[1],
  ) {
    const evolution = await startEvolutionEmulator({ instances });
    try {
      return await withProviderSession(env(evolution, overrides), run);
    } finally {
      await evolution.emulator.close();
    }
  }

  it('maps an unknown instance to UNKNOWN_SESSION', async () => {
    expect(await withEvolution({ WA_SESSION: 'other' }, { 'crm-main': 'open' }, (fetch) => failureCode(fetch('491701234561@c.us')))).toBe(
      'UNKNOWN_SESSION',
    );
  });

  it('reports a closed instance as NONE, as Evolution answers null', async () => {
    expect(await withEvolution({}, { 'crm-main': 'close' }, (fetch) => fetch('491701234561@c.us'))).toMatchObject({
      status: 'NONE',
      url: null,
    });
  });
});
