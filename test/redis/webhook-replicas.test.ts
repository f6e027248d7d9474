import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEvolutionEmulator } from '../emulators/evolution.js';
import { startWahaEmulator } from '../emulators/waha.js';
import { readPicture } from '../support/entity-reads.js';
import { dataOf, groupPictureClient } from '../support/group-picture-client.js';
import {
  evolutionContactsUpdate,
  postWebhook,
  signedByEvolution,
  signedByWaha,
  signedTextByWaha,
  wahaEnvelope,
  wahaPictureNotification,
  type Delivery,
} from '../support/provider-events.js';
import { RecordingRouter } from '../support/recording-router.js';
import { RedisServer } from '../support/redis-server.js';
import { writeSessionsFile } from '../support/sessions-file.js';
import { cacheReady, startSubgraph, type RunningSubgraph } from '../support/start-subgraph.js';
import { testPng } from '../support/test-images.js';

const WAHA_HMAC_KEY = 'waha-hmac-key-for-the-default-session';
const OTHER_HMAC_KEY = 'waha-hmac-key-for-the-other-session!';
const EVOLUTION_JWT_KEY = 'evolution-jwt-key-of-the-crm-main-webhook';

type Waha = Awaited<ReturnType<typeof startWahaEmulator>>;
type Evolution = Awaited<ReturnType<typeof startEvolutionEmulator>>;

/** Posts raw bytes with node:http, which reports the answer even when the server stops reading early. */
function postRaw(url: string, headers: Record<string, string>, body: Buffer, chunked = false): Promise<number | 'closed'> {
  return new Promise((resolve) => {
    const target = new URL(url);
    const request = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        headers: chunked ? headers : { ...headers, 'content-length': String(body.length) },
      },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    // The server may answer and close before the whole body is sent: that is the point.
    request.on('error', () => resolve('closed'));
    if (chunked) {
      for (let offset = 0; offset < body.length; offset += 64 * 1024) {
        request.write(body.subarray(offset, offset + 64 * 1024));
      }
      request.end();
    } else {
      request.end(body);
    }
  });
}

/**
 * Provider picture-change events against two replicas of the subgraph on one real redis-server, a
 * WAHA and an Evolution API emulator, and a recording Apollo Router invalidation endpoint. Every
 * delivery is shaped and signed as the provider sends it.
 */
describe('picture-change webhooks on two replicas sharing one Redis', () => {
  let redis: RedisServer;
  let waha: Waha;
  let evolution: Evolution;
  let router: RecordingRouter;
  let a: RunningSubgraph;
  let b: RunningSubgraph;

  const wahaReads = () => waha.emulator.requests.filter((request) => request.method === 'GET').length;
  const evolutionReads = () =>
    evolution.emulator.requests.filter((request) => request.path.startsWith('/chat/fetchProfilePictureUrl')).length;
  const hook = (replica: RunningSubgraph, session: string) => `${replica.url}/webhooks/${session}`;

  beforeAll(async () => {
    redis = await RedisServer.start();
    waha = await startWahaEmulator({ sessions: { default: 'WORKING', other: 'WORKING' } });
    evolution = await startEvolutionEmulator();
    router = await RecordingRouter.start();
    const sessionsFile = writeSessionsFile({
      waha: {
        provider: 'waha',
        baseUrl: waha.emulator.url,
        session: 'default',
        apiKey: waha.apiKey,
        webhook: { scheme: 'waha-hmac', secret: WAHA_HMAC_KEY },
      },
      other: {
        provider: 'waha',
        baseUrl: waha.emulator.url,
        session: 'other',
        apiKey: waha.apiKey,
        webhook: { scheme: 'waha-hmac', secret: OTHER_HMAC_KEY },
      },
      evo: {
        provider: 'evolution',
        baseUrl: evolution.emulator.url,
        session: 'crm-main',
        apiKey: evolution.apiKey,
        webhook: { scheme: 'evolution-jwt', secret: EVOLUTION_JWT_KEY },
      },
    });
    const env = {
      WA_SESSIONS_FILE: sessionsFile,
      REDIS_URL: redis.url,
      // Generous on a busy 2-core machine: a timed-out command would count as a miss.
      REDIS_COMMAND_TIMEOUT_MS: '2000',
      REFRESH_MIN_INTERVAL_SECONDS: '0',
      ROUTER_INVALIDATION_URL: router.url,
      ROUTER_INVALIDATION_KEY: router.key,
    };
    [a, b] = (await Promise.all([startSubgraph({ env }), startSubgraph({ env })])) as [RunningSubgraph, RunningSubgraph];
    await Promise.all([cacheReady(a.url), cacheReady(b.url)]);
  });

  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await Promise.all([waha?.emulator.close(), evolution?.emulator.close(), router?.close()]);
    await redis?.stop();
  });

  beforeEach(() => {
    router.mode = 'ok';
  });

  it("WAHA: after a signed picture notification on replica A, replica B's next read shows the new picture, asked past WAHA's own cache", async () => {
    const contact = '4915112345670@c.us';
    const old = await readPicture(b.url, 'Contact', contact, { session: 'waha' });
    expect(await readPicture(a.url, 'Chat', contact, { session: 'waha' })).toMatchObject({ picture: old.picture });
    const reads = wahaReads();

    // The person changes their picture; WAHA's 24 h cache and ours still hold the old one.
    waha.world.set('4915112345670', { kind: 'picture', pictureId: '1771000000' });
    expect((await readPicture(a.url, 'Contact', contact, { session: 'waha' })).picture).toEqual(old.picture);

    const routerRequests = router.requests.length;
    const delivery = signedByWaha(wahaPictureNotification('4915112345670@s.whatsapp.net', 'changed'), WAHA_HMAC_KEY);
    expect(await postWebhook(hook(a, 'waha'), delivery)).toEqual({ status: 200, body: { outcome: 'changed' } });

    const fresh = await readPicture(b.url, 'Contact', contact, { session: 'waha' });
    expect(fresh.picture.status).toBe('AVAILABLE');
    expect(fresh.picture.version).not.toBe(old.picture.version);
    expect(fresh.picture.id).not.toBe(old.picture.id);
    expect(fresh.picture.url).toContain('/1771000000_n.jpg');
    // One call, with WAHA told to bypass its cache (the change stamp), then Redis serves A too.
    expect(wahaReads()).toBe(reads + 1);
    expect(waha.emulator.requests.at(-1)?.query).toMatchObject({ contactId: '4915112345670@c.us', refresh: 'true' });
    expect((await readPicture(a.url, 'Chat', contact, { session: 'waha' })).picture).toEqual(fresh.picture);
    expect(wahaReads()).toBe(reads + 1);

    // The router was told, before the webhook answered, with the tag the entity carried.
    expect(router.requests.length).toBe(routerRequests + 1);
    expect(router.requests.at(-1)).toEqual({
      authorization: router.key,
      contentType: 'application/json',
      body: [{ kind: 'cache_tag', subgraphs: ['pictures'], cache_tag: old.tags[0] }],
    });
    expect(old.tags[0]).toMatch(/^wa-picture:[\w-]{16}:4915112345670@s\.whatsapp\.net$/);
  });

  it('WAHA: a removal is kept as NONE without asking WAHA again; a LID is invalidated as the JID it is', async () => {
    const contact = '4915112345671@c.us';
    expect((await readPicture(a.url, 'Contact', contact, { session: 'waha' })).picture.status).toBe('AVAILABLE');
    waha.world.set('4915112345671', { kind: 'not-set' });
    const reads = wahaReads();
    const removed = signedByWaha(wahaPictureNotification(contact, 'removed'), WAHA_HMAC_KEY);
    expect((await postWebhook(hook(b, 'waha'), removed)).body.outcome).toBe('changed');
    expect((await readPicture(a.url, 'Contact', contact, { session: 'waha' })).picture).toMatchObject({ status: 'NONE', id: null });
    expect(wahaReads()).toBe(reads);

    const lid = '207741234567890@lid';
    const before = await readPicture(a.url, 'Contact', lid, { session: 'waha' });
    waha.world.set('207741234567890', { kind: 'picture', pictureId: '1771000500' });
    const changed = signedByWaha(wahaPictureNotification(lid, 'changed'), WAHA_HMAC_KEY);
    expect((await postWebhook(hook(a, 'waha'), changed)).body.outcome).toBe('changed');
    const after = await readPicture(b.url, 'Contact', lid, { session: 'waha' });
    expect(after.picture.version).not.toBe(before.picture.version);
    expect(after.tags[0]).toMatch(/:207741234567890@lid$/);
  });

  it('Evolution: an event carrying the new URL is kept, so the next read on either replica costs no provider call', async () => {
    const group = '120363000000000501@g.us';
    const old = await readPicture(a.url, 'Group', group, { session: 'evo' });
    const reads = evolutionReads();

    evolution.world.set('120363000000000501', { kind: 'picture', pictureId: '1771000100' });
    const url = evolution.world.cdnUrl('1771000100', false);
    const routerRequests = router.requests.length;
    const delivery = await signedByEvolution(evolutionContactsUpdate([{ remoteJid: group, profilePicUrl: url }]), EVOLUTION_JWT_KEY);
    expect(await postWebhook(hook(b, 'evo'), delivery)).toEqual({ status: 200, body: { outcome: 'changed' } });

    for (const [replica, type] of [
      [a, 'Group'],
      [b, 'Chat'],
    ] as const) {
      const { picture } = await readPicture(replica.url, type, group, { session: 'evo' });
      expect(picture).toMatchObject({ status: 'AVAILABLE', url });
      expect(picture.version).not.toBe(old.picture.version);
    }
    expect(evolutionReads()).toBe(reads);
    expect(router.requests.length).toBe(routerRequests + 1);
    expect(router.tags().at(-1)).toBe(old.tags[0]);
  });

  it('Evolution: its per-message CONTACTS_UPDATE with the same picture, or null for one we show none of, changes nothing', async () => {
    const contact = '5511987654321@s.whatsapp.net';
    const hidden = '5511987654328@s.whatsapp.net';
    const shown = await readPicture(a.url, 'Contact', contact, { session: 'evo' });
    expect((await readPicture(a.url, 'Contact', hidden, { session: 'evo' })).picture.status).toBe('NONE');
    const reads = evolutionReads();
    const routerRequests = router.requests.length;

    // Evolution re-fetches on every message: the same picture under a freshly signed URL.
    const current = evolution.world.lookup('5511987654321');
    const sameAgain = evolution.world.cdnUrl(current.kind === 'picture' ? current.pictureId : 'none', false);
    expect(sameAgain).not.toBe(shown.picture.url);
    for (const data of [
      { remoteJid: contact, profilePicUrl: sameAgain },
      { remoteJid: hidden, profilePicUrl: null },
    ]) {
      const delivery = await signedByEvolution(evolutionContactsUpdate(data), EVOLUTION_JWT_KEY);
      expect(await postWebhook(hook(b, 'evo'), delivery)).toEqual({ status: 200, body: { outcome: 'unchanged' } });
    }
    expect((await readPicture(b.url, 'Contact', contact, { session: 'evo' })).picture).toEqual(shown.picture);
    expect(evolutionReads()).toBe(reads);
    expect(router.requests.length).toBe(routerRequests);
  });

  describe('refused or ignored deliveries change nothing', () => {
    const contact = '4915112340002@c.us';
    let cached: Awaited<ReturnType<typeof readPicture>>;
    let reads: number;
    let routerRequests: number;

    beforeAll(async () => {
      cached = await readPicture(a.url, 'Contact', contact, { session: 'waha' });
      // WhatsApp has a newer picture, so any invalidation would show in the next read.
      waha.world.set('4915112340002', { kind: 'picture', pictureId: '1771000200' });
    });

    beforeEach(() => {
      reads = wahaReads();
      routerRequests = router.requests.length;
    });

    async function expectNoEffect(): Promise<void> {
      for (const replica of [a, b]) {
        expect((await readPicture(replica.url, 'Contact', contact, { session: 'waha' })).picture).toEqual(cached.picture);
      }
      expect(wahaReads()).toBe(reads);
      expect(router.requests.length).toBe(routerRequests);
    }

    const notification = () => wahaPictureNotification(contact, 'changed');

    it('unsigned, wrongly signed, or signed with another session’s key: 401', async () => {
      const signed = signedByWaha(notification(), WAHA_HMAC_KEY);
      const unsigned: Delivery = { body: signed.body, headers: { 'content-type': 'application/json' } };
      const tampered: Delivery = { body: signed.body.replace('"changed"', '"removed"'), headers: signed.headers };
      const otherKey = signedByWaha(notification(), OTHER_HMAC_KEY);
      const wrongAlgorithm: Delivery = { body: signed.body, headers: { ...signed.headers, 'x-webhook-hmac-algorithm': 'sha1' } };
      for (const delivery of [unsigned, tampered, otherKey, wrongAlgorithm]) {
        expect(await postWebhook(hook(a, 'waha'), delivery)).toEqual({ status: 401, body: { outcome: 'unauthorized' } });
      }
      await expectNoEffect();
    });

    it('a replayed event: handled once across both replicas, and refused once older than the replay window', async () => {
      // An event of a picture already current: handled (its id is remembered) without any visible change.
      const event = wahaPictureNotification('4915112340003@c.us', 'changed');
      const delivery = signedByWaha(event, WAHA_HMAC_KEY);
      expect((await postWebhook(hook(a, 'waha'), delivery)).body.outcome).toBe('changed');
      await router.received(routerRequests + 1);
      routerRequests = router.requests.length;
      for (const replica of [b, a]) {
        expect(await postWebhook(hook(replica, 'waha'), delivery)).toEqual({ status: 200, body: { outcome: 'duplicate' } });
      }
      // WAHA signs the body's timestamp: an old delivery is refused even with a new id.
      const old = signedByWaha(wahaPictureNotification(contact, 'changed', { timestamp: Date.now() - 11 * 60_000 }), WAHA_HMAC_KEY);
      expect(await postWebhook(hook(b, 'waha'), old)).toEqual({ status: 401, body: { outcome: 'stale' } });
      await expectNoEffect();
    });

    it('a 5 MB body is refused before it is buffered, declared or streamed', async () => {
      const huge = Buffer.alloc(5 * 1024 * 1024, 0x20);
      const headers = { 'content-type': 'application/json', 'x-webhook-hmac': 'a'.repeat(128) };
      for (const chunked of [false, true]) {
        const status = await postRaw(hook(a, 'waha'), headers, huge, chunked);
        // 413, or the connection closed under a body we stopped reading: never accepted.
        expect([413, 'closed']).toContain(status);
      }
      await expectNoEffect();
    });

    it('10,000-level-deep JSON, even correctly signed, and wrong types: 400, fast, and the process stays up', async () => {
      const deep = `{"event":"engine.event","payload":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
      const started = performance.now();
      const answer = await postWebhook(hook(a, 'waha'), signedTextByWaha(deep, WAHA_HMAC_KEY));
      expect(answer).toEqual({ status: 400, body: { outcome: 'malformed' } });
      expect(performance.now() - started).toBeLessThan(2_000);

      const hostile = [
        'not json',
        '[]',
        JSON.stringify({ ...wahaEnvelope('engine.event', { event: 'contacts.update', data: 'x' }) }),
        JSON.stringify({ ...wahaEnvelope('engine.event', { event: 'contacts.update', data: [42] }) }),
        JSON.stringify({ ...wahaEnvelope('engine.event', { event: 'events.Picture', data: { JID: contact, Remove: 'yes' } }) }),
        JSON.stringify({ ...notification(), timestamp: 'yesterday' }),
        JSON.stringify({ ...notification(), event: 7 }),
      ];
      for (const body of hostile) {
        expect(await postWebhook(hook(b, 'waha'), signedTextByWaha(body, WAHA_HMAC_KEY))).toEqual({
          status: 400,
          body: { outcome: 'malformed' },
        });
      }
      await expectNoEffect();
    });

    it('events of other types, and push-name contacts.update, are accepted (2xx) and ignored', async () => {
      const events = [
        wahaEnvelope('message', { id: 'false_4915112340002@c.us_3EB0', from: contact, body: 'hello', fromMe: false }),
        wahaEnvelope('session.status', { status: 'WORKING' }),
        wahaEnvelope('engine.event', { event: 'messages.upsert', data: { messages: [], type: 'notify' } }),
        wahaEnvelope('engine.event', { event: 'contacts.update', data: [{ id: '4915112340002@s.whatsapp.net', notify: 'Anna' }] }),
        // WEBJS: a group's subject changed, not its picture.
        wahaEnvelope('group.v2.update', { group: { id: '120363000000000601@g.us' }, _data: { type: 'subject' } }, { engine: 'WEBJS' }),
      ];
      for (const event of events) {
        expect(await postWebhook(hook(a, 'waha'), signedByWaha(event, WAHA_HMAC_KEY))).toEqual({
          status: 200,
          body: { outcome: 'ignored' },
        });
      }
      await expectNoEffect();
    });

    it("an event never reaches another session: another session's URL refuses the signature, and another session's event is ignored", async () => {
      // Signed with the `waha` session's key, posted to the `other` session's URL.
      expect((await postWebhook(hook(a, 'other'), signedByWaha(notification(), WAHA_HMAC_KEY))).status).toBe(401);
      // Signed with `other`'s key but naming WAHA session "default" (a global hook's event for another account).
      const foreign = signedByWaha(wahaPictureNotification(contact, 'changed', { session: 'default' }), OTHER_HMAC_KEY);
      expect(await postWebhook(hook(a, 'other'), foreign)).toEqual({ status: 200, body: { outcome: 'foreign_session' } });
      // No such session, or one without webhooks: 404, whatever the signature.
      expect((await postWebhook(`${a.url}/webhooks/nobody`, signedByWaha(notification(), WAHA_HMAC_KEY))).status).toBe(404);
      expect((await postWebhook(`${a.url}/webhooks/waha/extra`, signedByWaha(notification(), WAHA_HMAC_KEY))).status).toBe(404);
      await expectNoEffect();
    });
  });

  it('counts deliveries by provider and outcome on /metrics', async () => {
    const text = await (await fetch(`${a.url}/metrics`)).text();
    const count = (provider: string, outcome: string) =>
      Number(new RegExp(`^picture_webhook_events_total\\{provider="${provider}",outcome="${outcome}"\\} (\\d+)$`, 'm').exec(text)?.[1]);
    expect(count('waha', 'changed')).toBeGreaterThanOrEqual(2);
    expect(count('waha', 'unauthorized')).toBeGreaterThanOrEqual(4);
    expect(count('waha', 'malformed')).toBeGreaterThanOrEqual(1);
    expect(count('none', 'not_found')).toBeGreaterThanOrEqual(1);
    expect(count('evolution', 'error')).toBe(0);
    expect(text).toMatch(/^picture_router_invalidations_total\{outcome="ok"\} [1-9]/m);
  });

  it('a refresh that finds a new version tells the router; one that finds the same version keeps the id', async () => {
    const contact = '4915112340004@c.us';
    const first = await readPicture(a.url, 'Contact', contact, { session: 'waha' });
    const requests = router.requests.length;
    const same = await readPicture(b.url, 'Contact', contact, { session: 'waha', refresh: true });
    expect(same.cacheControl).toBe('private, no-store');
    // WAHA answered a newly signed URL of the same picture: same version, same id.
    expect(same.picture.url).not.toBe(first.picture.url);
    expect(same.picture).toMatchObject({ id: first.picture.id, version: first.picture.version });

    waha.world.set('4915112340004', { kind: 'picture', pictureId: '1771000300' });
    const changed = await readPicture(a.url, 'Contact', contact, { session: 'waha', refresh: true });
    expect(changed.picture.id).not.toBe(first.picture.id);
    await router.received(requests + 1);
    // Only the refresh that found another picture was told to the router.
    expect(router.tags().slice(requests)).toEqual([first.tags[0]]);
  });

  it('a mutation tells the router with the Router 2.x cache_tag body before it answers', async () => {
    const group = '120363000000000701@g.us';
    const { tags } = await readPicture(a.url, 'Group', group, { session: 'evo' });
    const requests = router.requests.length;
    const image = { base64: (await testPng('#128C7E', 64)).toString('base64') };
    const answer = await groupPictureClient(`${b.url}/graphql`).set(group, image, { session: 'evo', bare: true });
    expect(dataOf(answer).setGroupPicture.userErrors).toEqual([]);
    expect(router.requests.slice(requests)).toEqual([
      {
        authorization: router.key,
        contentType: 'application/json',
        body: [{ kind: 'cache_tag', subgraphs: ['pictures'], cache_tag: tags[0] }],
      },
    ]);
  });
});
