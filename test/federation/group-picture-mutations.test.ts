import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { typeDefs } from '../../src/schema.js';
import type { RecordedRequest } from '../emulators/emulator.js';
import { startAllProviders, type AllProviders } from '../support/all-providers.js';
import { gowaForm, imageFormat, isWrite, jsonOf, normalisedFrom, requestMark, wahaFile } from '../support/emulator-writes.js';
import { dataOf, groupPictureClient, type GroupPictureClient, type ImageInput, type PictureView } from '../support/group-picture-client.js';
import { startImageServer, type ImageServer } from '../support/image-server.js';
import { neighbourTypeDefs, startNeighbourSubgraph } from '../support/neighbour-subgraph.js';
import { startSubgraph, type RunningSubgraph } from '../support/start-subgraph.js';
import { startGateway } from '../support/supergraph.js';
import { testPng } from '../support/test-images.js';

/** Has a picture in every emulator's WhatsApp, and any member may change it. */
const GROUP = '120363012345678901@g.us';
/** Locked to admins, and our account is not one. */
const LOCKED = '120363012345678911@g.us';
/** A group our account is not in. */
const GONE = '120363012345678921@g.us';
/** WhatsApp throttles its next change. */
const THROTTLED = '120363012345678931@g.us';

const user = (jid: string) => jid.split('@')[0] ?? '';
const line = (request: RecordedRequest | undefined) => `${request?.method} ${request?.path}`;

describe('group picture mutations through a loopback gateway, one session per provider', () => {
  let providers: AllProviders;
  let images: ImageServer;
  let neighbour: Awaited<ReturnType<typeof startNeighbourSubgraph>>;
  let ours: RunningSubgraph;
  let gateway: Awaited<ReturnType<typeof startGateway>>;
  let client: GroupPictureClient;
  /** What the caller sends: a PNG. */
  let callerPng: Buffer;
  /** What every provider that takes bytes must receive instead: our normalised JPEG of it. */
  let ourJpeg: Buffer;

  const base64 = (): ImageInput => ({ base64: callerPng.toString('base64') });
  const byUrl = (): ImageInput => ({ url: images.url('/caller.png') });

  beforeAll(async () => {
    callerPng = await testPng('#128C7E', 256);
    ourJpeg = await normalisedFrom(callerPng);
    images = await startImageServer({ '/caller.png': { body: callerPng, type: 'image/png' } });
    providers = await startAllProviders();
    for (const world of providers.worlds) {
      world.setGroup(user(LOCKED), { locked: true, admin: false });
      world.setGroup(user(GONE), { member: false });
    }
    neighbour = await startNeighbourSubgraph({ groups: [GROUP, LOCKED, GONE] });
    ours = await startSubgraph({
      env: {
        WA_SESSIONS_FILE: providers.sessionsFile,
        IMAGE_FETCH_ALLOW_HOSTS: new URL(images.url('/')).host,
        GROUP_PICTURE_MIN_INTERVAL_SECONDS: '0',
      },
    });
    gateway = await startGateway([
      { name: 'messaging', url: neighbour.url, typeDefs: neighbourTypeDefs },
      { name: 'pictures', url: `${ours.url}/graphql`, typeDefs },
    ]);
    client = groupPictureClient(gateway.url);
  });

  afterAll(async () => {
    await gateway?.close();
    await ours?.close();
    await neighbour?.close();
    await providers?.close();
    await images?.close();
  });

  /**
   * Sets GROUP's picture through the gateway and proves the new picture is in the mutation's own
   * payload (new id and version against the read before) and in the next read through the gateway.
   */
  async function setAndSee(session: string, image: ImageInput): Promise<{ before: PictureView; picture: PictureView }> {
    const before = await client.groupsPicture(GROUP, session);
    expect(before.status).toBe('AVAILABLE');
    const payload = dataOf(await client.set(GROUP, image, { session })).setGroupPicture;
    expect(payload.userErrors).toEqual([]);
    const picture = payload.picture as PictureView;
    expect(picture.status).toBe('AVAILABLE');
    expect(picture.id).not.toBe(before.id);
    expect(picture.version).not.toBe(before.version);
    expect(payload.group).toEqual({ id: GROUP, picture });
    expect(await client.groupsPicture(GROUP, session)).toMatchObject({ id: picture.id, version: picture.version, status: 'AVAILABLE' });
    return { before, picture };
  }

  /** Removes GROUP's picture; the payload and the next read show `status` (NOT_SET, or NONE where the provider cannot tell). */
  async function deleteAndSee(session: string, status: 'NOT_SET' | 'NONE'): Promise<void> {
    const payload = dataOf(await client.delete(GROUP, { session })).deleteGroupPicture;
    expect(payload).toEqual({ group: { id: GROUP, picture: expect.objectContaining({ status, id: null, url: null }) }, userErrors: [] });
    expect(await client.groupsPicture(GROUP, session)).toMatchObject({ status, id: null, version: null, url: null });
  }

  it('WAHA Plus: gets our JPEG as file.data for base64 and URL input, is read with refresh=true past its own cache, and deletes (NONE)', async () => {
    const { emulator, apiKey } = providers.wahaPlus;
    const groupPath = `/api/default/groups/${GROUP}/picture`;
    const readsOfGroup = (requests: RecordedRequest[]) =>
      requests.filter((request) => request.method === 'GET' && request.path === groupPath);
    const before = await client.groupsPicture(GROUP, 'waha-plus');
    expect(readsOfGroup(emulator.requests).map((request) => request.query.refresh)).toEqual([undefined]);

    // A write whose answer reads nothing, so the next read is the one that finds WAHA's cache stale.
    const mark = requestMark(emulator);
    const set = dataOf(await client.set(GROUP, base64(), { session: 'waha-plus', bare: true })).setGroupPicture;
    expect(set).toEqual({ group: { id: GROUP }, userErrors: [] });
    expect(mark.since().map(line)).toEqual([`PUT ${groupPath}`]);
    const file = wahaFile(mark.since()[0]);
    expect(Object.keys(file).sort()).toEqual(['data', 'filename', 'mimetype']);
    expect(file.mimetype).toBe('image/jpeg');
    expect(Buffer.from(String(file.data), 'base64').equals(ourJpeg)).toBe(true);
    expect(await imageFormat(ourJpeg)).toEqual({ format: 'jpeg', width: 256, height: 256 });

    // WAHA's own cache still answers the old picture (its frozen clock never reaches the 3 s self-refresh)…
    const stale = (await (await fetch(`${emulator.url}${groupPath}`, { headers: { 'x-api-key': apiKey ?? '' } })).json()) as {
      url: string;
    };
    expect(new URL(stale.url).pathname).toBe(new URL(String(before.url)).pathname);
    // …so our next read asks it with refresh=true, and shows the new picture.
    const readMark = requestMark(emulator);
    const after = await client.groupsPicture(GROUP, 'waha-plus');
    expect(readsOfGroup(readMark.since()).map((request) => request.query.refresh)).toEqual(['true']);
    expect(after.status).toBe('AVAILABLE');
    expect(after.id).not.toBe(before.id);
    expect(after.version).not.toBe(before.version);

    // By URL: the payload shows the new picture; we fetched the URL once and sent WAHA our bytes, not the URL.
    const hits = images.hits.length;
    const second = await setAndSee('waha-plus', byUrl());
    expect(second.before.id).toBe(after.id);
    expect(images.hits.length).toBe(hits + 1);
    const byUrlFile = wahaFile(mark.since().filter(isWrite.waha)[1]);
    expect(byUrlFile.url).toBeUndefined();
    expect(Buffer.from(String(byUrlFile.data), 'base64').equals(ourJpeg)).toBe(true);
    expect(readsOfGroup(readMark.since()).every((request) => request.query.refresh === 'true')).toBe(true);

    await deleteAndSee('waha-plus', 'NONE');
    expect(mark.since().filter(isWrite.waha).map(line)).toEqual([`PUT ${groupPath}`, `PUT ${groupPath}`, `DELETE ${groupPath}`]);
  });

  it('WAHA Core: answers 501, which becomes NOT_SUPPORTED_BY_PROVIDER after exactly one call, for set and for delete', async () => {
    const { emulator } = providers.wahaCore;
    const before = await client.groupsPicture(GROUP, 'waha-core');

    const setMark = requestMark(emulator);
    const set = dataOf(await client.set(GROUP, base64(), { session: 'waha-core', bare: true })).setGroupPicture;
    expect(set).toEqual({
      group: { id: GROUP },
      userErrors: [expect.objectContaining({ code: 'NOT_SUPPORTED_BY_PROVIDER', field: null })],
    });
    expect(setMark.since().map(line)).toEqual([`PUT /api/default/groups/${GROUP}/picture`]);

    const deleteMark = requestMark(emulator);
    const removed = dataOf(await client.delete(GROUP, { session: 'waha-core', bare: true })).deleteGroupPicture;
    expect(removed.userErrors.map((error) => error.code)).toEqual(['NOT_SUPPORTED_BY_PROVIDER']);
    expect(deleteMark.since().map(line)).toEqual([`DELETE /api/default/groups/${GROUP}/picture`]);

    expect(await client.groupsPicture(GROUP, 'waha-core')).toMatchObject({ id: before.id, status: 'AVAILABLE' });
  });

  it('Wawp: NOT_SUPPORTED_BY_PROVIDER for base64, URL and delete, with zero calls to its emulator and the URL never fetched', async () => {
    const { emulator } = providers.wawp;
    const before = await client.groupsPicture(GROUP, 'wawp');
    const mark = requestMark(emulator);
    const hits = images.hits.length;
    const answers = [
      dataOf(await client.set(GROUP, base64(), { session: 'wawp', bare: true })).setGroupPicture,
      dataOf(await client.set(GROUP, byUrl(), { session: 'wawp', bare: true })).setGroupPicture,
      dataOf(await client.delete(GROUP, { session: 'wawp', bare: true })).deleteGroupPicture,
    ];
    for (const answer of answers) {
      expect(answer).toEqual({ group: { id: GROUP }, userErrors: [expect.objectContaining({ code: 'NOT_SUPPORTED_BY_PROVIDER' })] });
    }
    expect(mark.since()).toEqual([]);
    expect(images.hits.length).toBe(hits);
    expect(await client.groupsPicture(GROUP, 'wawp')).toMatchObject({ id: before.id, status: 'AVAILABLE' });
    expect(emulator.requests.filter(isWrite.wawp)).toEqual([]);
  });

  it("Wasend: gets {url} with the caller's URL; base64 is NOT_SUPPORTED_BY_PROVIDER with zero calls; deletes (NONE)", async () => {
    const { emulator } = providers.wasend;
    const refusedMark = requestMark(emulator);
    const refused = dataOf(await client.set(GROUP, base64(), { session: 'wasend', bare: true })).setGroupPicture;
    expect(refused).toEqual({
      group: { id: GROUP },
      userErrors: [expect.objectContaining({ code: 'NOT_SUPPORTED_BY_PROVIDER', field: ['image', 'base64'] })],
    });
    expect(refusedMark.since()).toEqual([]);

    const hits = images.hits.length;
    const mark = requestMark(emulator);
    await setAndSee('wasend', byUrl());
    const writes = mark.since().filter(isWrite.wasend);
    expect(writes.map(line)).toEqual([`PUT /sess_01HZX/groups/${GROUP}/picture`]);
    expect(jsonOf(writes[0])).toEqual({ url: images.url('/caller.png'), format: 'jpeg', cropToSquare: true });
    // Our intake checked the URL, then Wasend downloaded it itself.
    expect(images.hits.slice(hits)).toEqual(['/caller.png', '/caller.png']);

    await deleteAndSee('wasend', 'NONE');
    expect(mark.since().filter(isWrite.wasend).map(line).at(-1)).toBe(`DELETE /sess_01HZX/groups/${GROUP}/picture`);
  });

  it('GoWA: gets our JPEG as the multipart part `photo` (image/jpeg) for base64 and URL input, and deletes without it (NOT_SET)', async () => {
    const { emulator } = providers.gowa;
    const mark = requestMark(emulator);
    const first = await setAndSee('gowa', base64());
    const second = await setAndSee('gowa', byUrl());
    expect(second.before.id).toBe(first.picture.id);

    const writes = mark.since().filter(isWrite.gowa);
    expect(writes.map(line)).toEqual(['POST /group/photo', 'POST /group/photo']);
    for (const write of writes) {
      expect(String(write.headers['content-type'])).toMatch(/^multipart\/form-data; boundary=/);
      const form = await gowaForm(write);
      expect(form.groupId).toBe(GROUP);
      expect(form.photo?.type).toBe('image/jpeg');
      expect(form.photo?.bytes.equals(ourJpeg)).toBe(true);
    }

    await deleteAndSee('gowa', 'NOT_SET');
    const removal = await gowaForm(mark.since().filter(isWrite.gowa)[2]);
    expect(removal).toEqual({ groupId: GROUP, photo: null, fields: ['group_id'] });
  });

  it('Evolution API: gets our JPEG as raw base64 in `image` with `groupJid` in the query for either input; delete is NOT_SUPPORTED_BY_PROVIDER with zero calls', async () => {
    const { emulator, downloads } = providers.evolution;
    const mark = requestMark(emulator);
    await setAndSee('evolution', base64());
    await setAndSee('evolution', byUrl());

    const writes = mark.since().filter(isWrite.evolution);
    expect(writes.map(line)).toEqual(['POST /group/updateGroupPicture/crm-main', 'POST /group/updateGroupPicture/crm-main']);
    for (const write of writes) {
      expect(write.query).toEqual({ groupJid: GROUP });
      const { image } = jsonOf(write);
      expect(String(image)).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
      expect(Buffer.from(String(image), 'base64').equals(ourJpeg)).toBe(true);
    }
    // Evolution was never handed the URL to download.
    expect(downloads).toEqual([]);

    const deleteMark = requestMark(emulator);
    const removed = dataOf(await client.delete(GROUP, { session: 'evolution', bare: true })).deleteGroupPicture;
    expect(removed).toEqual({ group: { id: GROUP }, userErrors: [expect.objectContaining({ code: 'NOT_SUPPORTED_BY_PROVIDER' })] });
    expect(deleteMark.since()).toEqual([]);
  });

  it('demo: keeps and serves our normalised JPEG for base64 and URL input, and deletes (NOT_SET)', async () => {
    const first = await setAndSee('demo', base64());
    const served = await fetch(String(first.picture.url));
    expect(served.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await served.arrayBuffer()).equals(ourJpeg)).toBe(true);

    const second = await setAndSee('demo', byUrl());
    expect(second.before.id).toBe(first.picture.id);
    await deleteAndSee('demo', 'NOT_SET');
  });

  it.each([
    { session: 'waha-plus', group: 'locked', image: base64, code: 'NOT_GROUP_ADMIN', field: null, writes: isWrite.waha },
    { session: 'wasend', group: 'gone', image: byUrl, code: 'GROUP_NOT_FOUND', field: ['groupId'], writes: isWrite.wasend },
    { session: 'gowa', group: 'locked', image: base64, code: 'NOT_GROUP_ADMIN', field: null, writes: isWrite.gowa },
    { session: 'evolution', group: 'gone', image: base64, code: 'GROUP_NOT_FOUND', field: ['groupId'], writes: isWrite.evolution },
  ] as const)(
    '$session: maps its emulator’s answer for a $group group to $code, after one write, with the rest of the answer intact',
    async ({ session, group: which, image, code, field, writes }) => {
      const group = which === 'locked' ? LOCKED : GONE;
      const { emulator } = providers[session === 'waha-plus' ? 'wahaPlus' : session];
      // GoWA passes WhatsApp's other refusal text on: 401 not-authorized rather than 403 forbidden.
      providers.gowa.world.notAllowedAs = 401;
      const mark = requestMark(emulator);
      const answer = await client.set(group, image(), { session });
      expect(dataOf(answer).setGroupPicture).toEqual({
        // The group and its unchanged picture still come back beside the refusal.
        group: { id: group, picture: expect.objectContaining({ status: 'AVAILABLE' }) },
        picture: null,
        userErrors: [{ code, field, message: expect.any(String), retryAt: null }],
      });
      expect(mark.since().filter(writes)).toHaveLength(1);
      // The provider's body (WAHA echoes the request, base64 and all) never reaches the caller.
      expect(JSON.stringify(answer)).not.toMatch(/not-authorized|forbidden|item-not-found|exception|statusCode/i);
      expect(JSON.stringify(answer)).not.toContain(ourJpeg.toString('base64').slice(0, 64));
    },
  );

  it("Wasend: WhatsApp's throttling answers RATE_LIMITED with Wasend's Retry-After as retryAt", async () => {
    const { emulator, world, settings } = providers.wasend;
    world.throttle(1);
    const mark = requestMark(emulator);
    const sent = Date.now();
    const payload = dataOf(await client.set(THROTTLED, byUrl(), { session: 'wasend', bare: true })).setGroupPicture;
    expect(payload.userErrors).toEqual([expect.objectContaining({ code: 'RATE_LIMITED', field: null })]);
    const retryAt = Date.parse(String(payload.userErrors[0]?.retryAt));
    expect(retryAt).toBeGreaterThanOrEqual(sent + settings.retryAfterSeconds * 1000 - 1_000);
    expect(retryAt).toBeLessThanOrEqual(Date.now() + settings.retryAfterSeconds * 1000 + 1_000);
    expect(mark.since().filter(isWrite.wasend)).toHaveLength(1);

    // The group's writes stay paused until then, here as well: no second call reaches Wasend.
    const again = dataOf(await client.set(THROTTLED, byUrl(), { session: 'wasend', bare: true })).setGroupPicture;
    expect(again.userErrors.map((error) => error.code)).toEqual(['RATE_LIMITED']);
    expect(mark.since().filter(isWrite.wasend)).toHaveLength(1);
  });
});
