import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEvolutionEmulator } from '../emulators/evolution.js';
import { startWahaEmulator } from '../emulators/waha.js';
import { startWawpEmulator } from '../emulators/wawp.js';
import { readPicture } from '../support/entity-reads.js';
import { evolutionContactsUpdate, postWebhook, wahaEnvelope, wahaPictureNotification } from '../support/provider-events.js';
import { writeSessionsFile } from '../support/sessions-file.js';
import { startSubgraph, type RunningSubgraph } from '../support/start-subgraph.js';

const PATH_SECRET = 'Path-Secret_0123456789.abcdef~';
const HEADER_SECRET = 'a-static-header-secret-0123456789';

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  body: JSON.stringify(body),
  headers: { 'content-type': 'application/json', ...headers },
});

/** The shared-secret schemes, for providers (or setups) without a signature of their own; one process, no Redis. */
describe('webhooks with a path or header secret', () => {
  describe('the single session of the WA_* variables, with a path secret', () => {
    let waha: Awaited<ReturnType<typeof startWahaEmulator>>;
    let subgraph: RunningSubgraph;

    beforeAll(async () => {
      waha = await startWahaEmulator();
      subgraph = await startSubgraph({
        env: {
          WA_PROVIDER: 'waha',
          WA_BASE_URL: waha.emulator.url,
          WA_API_KEY: waha.apiKey ?? '',
          WA_WEBHOOK_SCHEME: 'path-secret',
          WA_WEBHOOK_SECRET: PATH_SECRET,
        },
      });
    });
    afterAll(async () => {
      await subgraph?.close();
      await waha?.emulator.close();
    });

    it('takes an event at /webhooks/default/{secret}, and only there', async () => {
      const group = '120363000000000901@g.us';
      const old = await readPicture(subgraph.url, 'Group', group);
      waha.world.set('120363000000000901', { kind: 'picture', pictureId: '1771000900' });
      const event = json(wahaPictureNotification(group, 'changed'));
      expect((await postWebhook(`${subgraph.url}/webhooks/default`, event)).status).toBe(404);
      expect((await postWebhook(`${subgraph.url}/webhooks/default/${PATH_SECRET}x`, event)).status).toBe(401);
      expect((await readPicture(subgraph.url, 'Group', group)).picture).toEqual(old.picture);

      expect(await postWebhook(`${subgraph.url}/webhooks/default/${PATH_SECRET}`, event)).toEqual({
        status: 200,
        body: { outcome: 'changed' },
      });
      expect((await readPicture(subgraph.url, 'Group', group)).picture.url).toContain('/1771000900_n.jpg');
      // The same event again (a provider's retry): its id was handled.
      expect((await postWebhook(`${subgraph.url}/webhooks/default/${PATH_SECRET}`, event)).body.outcome).toBe('duplicate');
    });

    it('answers 405 to anything but POST, and keeps its answers out of caches', async () => {
      const response = await fetch(`${subgraph.url}/webhooks/default/${PATH_SECRET}`);
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('POST');
      expect(response.headers.get('cache-control')).toBe('no-store');
    });
  });

  describe('a sessions file: Evolution with a static header, Wawp with its signature header as a static secret', () => {
    let evolution: Awaited<ReturnType<typeof startEvolutionEmulator>>;
    let wawp: Awaited<ReturnType<typeof startWawpEmulator>>;
    let subgraph: RunningSubgraph;

    beforeAll(async () => {
      evolution = await startEvolutionEmulator();
      wawp = await startWawpEmulator();
      subgraph = await startSubgraph({
        env: {
          WA_SESSIONS_FILE: writeSessionsFile({
            evo: {
              provider: 'evolution',
              baseUrl: evolution.emulator.url,
              session: 'crm-main',
              apiKey: evolution.apiKey,
              webhook: { scheme: 'header-secret', secret: HEADER_SECRET },
            },
            wawp: {
              provider: 'wawp',
              baseUrl: wawp.emulator.url,
              session: wawp.instanceId,
              apiKey: wawp.accessToken,
              webhook: { scheme: 'header-secret', secret: HEADER_SECRET, header: 'X-Wawp-Signature' },
            },
          }),
        },
      });
    });
    afterAll(async () => {
      await subgraph?.close();
      await Promise.all([evolution?.emulator.close(), wawp?.emulator.close()]);
    });

    it('Evolution: the header must match; a retried body is a duplicate (its hash is its id)', async () => {
      const contact = '5511912345670@s.whatsapp.net';
      await readPicture(subgraph.url, 'Contact', contact, { session: 'evo' });
      const url = evolution.world.cdnUrl('1771000950', false);
      const body = evolutionContactsUpdate({ remoteJid: contact, profilePicUrl: url });
      const hook = `${subgraph.url}/webhooks/evo`;
      expect((await postWebhook(hook, json(body))).status).toBe(401);
      expect((await postWebhook(hook, json(body, { 'x-webhook-secret': `${HEADER_SECRET}!` }))).status).toBe(401);
      expect((await postWebhook(hook, json(body, { 'x-webhook-secret': HEADER_SECRET }))).body.outcome).toBe('changed');
      expect((await postWebhook(hook, json(body, { 'x-webhook-secret': HEADER_SECRET }))).body.outcome).toBe('duplicate');
      expect((await readPicture(subgraph.url, 'Contact', contact, { session: 'evo' })).picture.url).toBe(url);
      // Another instance's event through a shared global hook: accepted and ignored.
      const foreign = evolutionContactsUpdate({ remoteJid: contact, profilePicUrl: null }, { instance: 'another-instance' });
      expect((await postWebhook(hook, json(foreign, { 'x-webhook-secret': HEADER_SECRET }))).body.outcome).toBe('foreign_session');
    });

    it("Wawp: its documented engine.event shape invalidates, and the next read asks Wawp past WAHA's cache", async () => {
      const contact = '4917612345670@c.us';
      const old = await readPicture(subgraph.url, 'Contact', contact, { session: 'wawp' });
      wawp.world.set('4917612345670', { kind: 'picture', pictureId: '1771000990' });
      const event = wahaEnvelope(
        'engine.event',
        { raw: { event: 'contacts.update', data: [{ id: '4917612345670@s.whatsapp.net', imgUrl: 'changed' }] } },
        { session: 'a-name-wawp-does-not-document', engine: 'WEBJS' },
      );
      expect(await postWebhook(`${subgraph.url}/webhooks/wawp`, json(event, { 'x-wawp-signature': HEADER_SECRET }))).toEqual({
        status: 200,
        body: { outcome: 'changed' },
      });
      const fresh = await readPicture(subgraph.url, 'Contact', contact, { session: 'wawp' });
      expect(fresh.picture.version).not.toBe(old.picture.version);
      expect(wawp.emulator.requests.at(-1)?.query.refresh).toBe('true');
    });
  });
});
