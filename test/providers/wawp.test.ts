import { describe, expect, it } from 'vitest';
import { startWawpEmulator } from '../emulators/wawp.js';
import { failureCode } from '../support/provider-session.js';
import { wawpAccount, wawpEnv, withEmulator, type Wawp } from './emulator-accounts.js';
import { describeProviderContract } from './provider-contract.js';

describeProviderContract<Wawp>({
  name: 'Wawp',
  start: () => startWawpEmulator(),
  ...wawpAccount,
  jidOnWire: (request) => request.query.contactId ?? request.query.chatId ?? /^\/v2\/groups\/([^/]+)\/picture$/.exec(request.path)?.[1],
  credentialSent: (request, wawp) => request.query.access_token === wawp.accessToken && request.query.instance_id === wawp.instanceId,
  personForm: 'c.us',
  capabilities: { preview: false, refresh: true, tellsHiddenFromNotSet: false },
  refreshOnWire: (request) => request.query.refresh === 'true',
});

describe('Wawp specifics', () => {
  it('maps a dropped WhatsApp session (404 invalid_session) to SESSION_NOT_READY', async () => {
    const code = await withEmulator(
      startWawpEmulator({ connected: false }),
      (wawp) => wawpEnv(wawp),
      (session) => failureCode(session.fetch('491701234561@c.us')),
    );
    expect(code).toBe('SESSION_NOT_READY');
  });
});
