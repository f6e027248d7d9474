import { describe, expect, it } from 'vitest';
import { startEvolutionEmulator } from '../emulators/evolution.js';
import { failureCode, type FetchPicture } from '../support/provider-session.js';
import { evolutionAccount, evolutionEnv, withEmulator, type Evolution } from './emulator-accounts.js';
import { describeProviderContract } from './provider-contract.js';

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
  ...evolutionAccount,
  jidOnWire: (request) => number(request.body),
  credentialSent: (request, evolution) =>
    request.method === 'POST' && request.path === '/chat/fetchProfilePictureUrl/crm-main' && request.headers.apikey === evolution.apiKey,
  personForm: 's.whatsapp.net',
  capabilities: { preview: false, refresh: false, tellsHiddenFromNotSet: false },
  refreshOnWire: (request) => request.body.includes('refresh') || request.query.refresh !== undefined,
});

describe('Evolution API specifics', () => {
  function withEvolution<T>(
    overrides: Record<string, string>,
    instances: Record<string, 'open' | 'close'>,
    run: (fetch: FetchPicture) => Promise<T>,
  ) {
    return withEmulator(
      startEvolutionEmulator({ instances }),
      (evolution) => evolutionEnv(evolution, overrides),
      (session) => run(session.fetch),
    );
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
