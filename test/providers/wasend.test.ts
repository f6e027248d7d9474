import { describe, expect, it } from 'vitest';
import { startWasendEmulator } from '../emulators/wasend.js';
import { failureCode, type FetchPicture } from '../support/provider-session.js';
import { wasendAccount, wasendEnv, withEmulator, type Wasend } from './emulator-accounts.js';
import { describeProviderContract } from './provider-contract.js';

describeProviderContract<Wasend>({
  name: 'Wasend',
  start: () => startWasendEmulator(),
  ...wasendAccount,
  jidOnWire: (request) => request.query.contactId ?? /\/(?:groups|chats)\/([^/]+)\/picture$/.exec(request.path)?.[1],
  credentialSent: (request, wasend) => request.headers.authorization === `Bearer ${wasend.apiKey}`,
  personForm: 'c.us',
  capabilities: { preview: false, refresh: true, tellsHiddenFromNotSet: false },
  refreshOnWire: (request) => request.query.refresh === 'true',
});

describe('Wasend specifics', () => {
  function withWasend(run: (fetch: FetchPicture, wasend: Wasend) => Promise<void>, overrides: Record<string, string> = {}) {
    return withEmulator(
      startWasendEmulator(),
      (wasend) => wasendEnv(wasend, overrides),
      (session, wasend) => run(session.fetch, wasend),
    );
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
