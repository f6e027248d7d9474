import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { typeDefs } from '../../src/schema.js';
import { startGowaEmulator } from '../emulators/gowa.js';
import { startWahaEmulator } from '../emulators/waha.js';
import { neighbourTypeDefs, startNeighbourSubgraph } from '../support/neighbour-subgraph.js';
import { startSubgraph, type RunningSubgraph } from '../support/start-subgraph.js';
import { startGateway } from '../support/supergraph.js';

const CONTACTS = ['491701234561@c.us', '491701234566@c.us', '491701234568@s.whatsapp.net', '491701234561@s.whatsapp.net'];

describe('one subgraph, two sessions on two providers, behind a loopback gateway', () => {
  let waha: Awaited<ReturnType<typeof startWahaEmulator>>;
  let gowa: Awaited<ReturnType<typeof startGowaEmulator>>;
  let neighbour: Awaited<ReturnType<typeof startNeighbourSubgraph>>;
  let ours: RunningSubgraph;
  let gateway: Awaited<ReturnType<typeof startGateway>>;

  beforeAll(async () => {
    waha = await startWahaEmulator();
    gowa = await startGowaEmulator();
    const file = join(mkdtempSync(join(tmpdir(), 'sessions-')), 'sessions.json');
    writeFileSync(
      file,
      JSON.stringify({
        default: { provider: 'waha', baseUrl: waha.emulator.url, session: 'default', apiKey: waha.apiKey },
        sales: {
          provider: 'gowa',
          baseUrl: gowa.emulator.url,
          session: 'device-a',
          username: gowa.basicAuth?.username,
          password: gowa.basicAuth?.password,
        },
      }),
    );
    neighbour = await startNeighbourSubgraph({ contacts: CONTACTS });
    ours = await startSubgraph({ env: { WA_SESSIONS_FILE: file } });
    gateway = await startGateway([
      { name: 'messaging', url: neighbour.url, typeDefs: neighbourTypeDefs },
      { name: 'pictures', url: `${ours.url}/graphql`, typeDefs },
    ]);
  });

  afterAll(async () => {
    await gateway?.close();
    await ours?.close();
    await neighbour?.close();
    await waha?.emulator.close();
    await gowa?.emulator.close();
  });

  async function contacts(session?: string) {
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(session ? { 'x-wa-session': session } : {}) },
      body: JSON.stringify({ query: '{ contacts { id displayName picture(preview: true) { status preview url } } }' }),
    });
    return (await response.json()) as {
      data: {
        contacts: Array<{ id: string; displayName: string; picture: { status: string; preview: boolean; url: string | null } | null }>;
      };
      errors?: Array<{ path?: unknown[]; extensions?: { code?: string } }>;
    };
  }

  it('serves the default session from WAHA, which cannot tell hidden from unset', async () => {
    const { data, errors } = await contacts();
    expect(errors).toBeUndefined();
    expect(data.contacts.map((contact) => contact.picture?.status)).toEqual(['AVAILABLE', 'NONE', 'NONE', 'AVAILABLE']);
    expect(data.contacts[0]?.picture?.preview).toBe(false);
    expect(waha.emulator.requests.map((request) => request.query.contactId).sort()).toEqual([
      '491701234561@c.us',
      '491701234566@c.us',
      '491701234568@c.us',
    ]);
    expect(gowa.emulator.requests).toHaveLength(0);
  });

  it('serves the sales session from GoWA, with real previews and hidden told from unset', async () => {
    const { data, errors } = await contacts('sales');
    expect(errors).toBeUndefined();
    expect(data.contacts.map((contact) => contact.picture?.status)).toEqual(['AVAILABLE', 'NOT_SET', 'HIDDEN', 'AVAILABLE']);
    expect(data.contacts[0]?.picture?.preview).toBe(true);
    expect(gowa.emulator.requests.map((request) => request.query.phone).sort()).toEqual([
      '491701234561@s.whatsapp.net',
      '491701234566@s.whatsapp.net',
      '491701234568@s.whatsapp.net',
    ]);
  });

  it("keeps the neighbour's data when the session is unknown, with UNKNOWN_SESSION", async () => {
    const { data, errors } = await contacts('nobody');
    expect(data.contacts.map((contact) => contact.displayName)).toEqual(CONTACTS.map((_, index) => `Contact ${index}`));
    expect(data.contacts.every((contact) => contact.picture === null)).toBe(true);
    // Through Apollo Gateway the client sees the subgraph's code on each picture, not INTERNAL_SERVER_ERROR.
    expect(errors?.map((error) => [error.path, error.extensions?.code])).toEqual(
      CONTACTS.map((_, index) => [['contacts', index, 'picture'], 'UNKNOWN_SESSION']),
    );
  });
});
