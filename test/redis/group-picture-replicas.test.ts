import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGowaEmulator } from '../emulators/gowa.js';
import { isWrite } from '../support/emulator-writes.js';
import { dataOf, groupPictureClient, type GroupPictureClient } from '../support/group-picture-client.js';
import { RedisServer } from '../support/redis-server.js';
import { cacheReady, startSubgraph, type RunningSubgraph } from '../support/start-subgraph.js';
import { testPng } from '../support/test-images.js';

const MIN_INTERVAL_SECONDS = 60;

type Gowa = Awaited<ReturnType<typeof startGowaEmulator>>;

/**
 * Two replicas of the subgraph — two apps with nothing in common but one real redis-server and
 * one GoWA — as a load balancer would spread a client's requests over them.
 */
describe('two replicas on one Redis change group pictures together', () => {
  let redis: RedisServer;
  let gowa: Gowa;
  let replicas: RunningSubgraph[] = [];
  let a: GroupPictureClient;
  let b: GroupPictureClient;
  let image: { base64: string };

  const avatarReads = () => gowa.emulator.requests.filter((request) => request.path === '/user/avatar').length;
  const writes = () => gowa.emulator.requests.filter(isWrite.gowa).length;
  /** GoWA's own id of the group's current picture: what `version` must be. */
  const currentPictureId = (group: string) => {
    const picture = gowa.world.lookup(group.split('@')[0] ?? '');
    return picture.kind === 'picture' ? picture.pictureId : null;
  };

  beforeAll(async () => {
    redis = await RedisServer.start();
    gowa = await startGowaEmulator();
    const env = {
      WA_PROVIDER: 'gowa',
      WA_BASE_URL: gowa.emulator.url,
      WA_SESSION: 'device-a',
      WA_USERNAME: gowa.basicAuth?.username ?? '',
      WA_PASSWORD: gowa.basicAuth?.password ?? '',
      REDIS_URL: redis.url,
      // Generous on a busy 2-core machine: a timed-out claim would (by design) fall back to this process's own lease.
      REDIS_COMMAND_TIMEOUT_MS: '2000',
      GROUP_PICTURE_MIN_INTERVAL_SECONDS: String(MIN_INTERVAL_SECONDS),
    };
    replicas = await Promise.all([startSubgraph({ env }), startSubgraph({ env })]);
    await Promise.all(replicas.map((replica) => cacheReady(replica.url)));
    [a, b] = replicas.map((replica) => groupPictureClient(`${replica.url}/graphql`)) as [GroupPictureClient, GroupPictureClient];
    image = { base64: (await testPng('#075E54', 64)).toString('base64') };
  });

  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.close()));
    await gowa?.emulator.close();
    await redis?.stop();
  });

  it("shows a change made on replica A in replica B's next read: the shared cache entry was invalidated", async () => {
    const group = '120363000000000101@g.us';
    const old = await a.entityPicture(group);
    expect(await b.entityPicture(group)).toEqual(old);
    // Both answered the old picture, B from what A had cached in Redis.
    expect(avatarReads()).toBe(1);
    expect(old.version).toBe(currentPictureId(group));

    // A write whose answer reads nothing, so nothing but the invalidation touches the cached entry.
    const payload = dataOf(await a.set(group, image, { bare: true })).setGroupPicture;
    expect(payload).toEqual({ group: { id: group }, userErrors: [] });
    expect(writes()).toBe(1);

    const fresh = await b.entityPicture(group);
    expect(fresh.status).toBe('AVAILABLE');
    expect(fresh.id).not.toBe(old.id);
    expect(fresh.version).toBe(currentPictureId(group));
    expect(fresh.version).not.toBe(old.version);
    // B missed the cache and asked GoWA; A then answers B's new entry from Redis.
    expect(avatarReads()).toBe(2);
    expect(await a.entityPicture(group)).toEqual(fresh);
    expect(avatarReads()).toBe(2);
  });

  it('refuses a second change within GROUP_PICTURE_MIN_INTERVAL_SECONDS on either replica, with retryAt, and GoWA never hears of it', async () => {
    const group = '120363000000000201@g.us';
    expect(dataOf(await a.set(group, image, { bare: true })).setGroupPicture.userErrors).toEqual([]);
    const changedAt = Date.now();
    const written = writes();

    const answers = [
      dataOf(await b.set(group, image, { bare: true })).setGroupPicture,
      dataOf(await a.set(group, image, { bare: true })).setGroupPicture,
      dataOf(await b.delete(group, { bare: true })).deleteGroupPicture,
    ];
    for (const { userErrors } of answers) {
      expect(userErrors).toEqual([expect.objectContaining({ code: 'RATE_LIMITED', field: null })]);
      const retryAt = Date.parse(String(userErrors[0]?.retryAt));
      expect(retryAt).toBeGreaterThan(changedAt + (MIN_INTERVAL_SECONDS - 5) * 1000);
      expect(retryAt).toBeLessThanOrEqual(Date.now() + MIN_INTERVAL_SECONDS * 1000);
    }
    expect(writes()).toBe(written);
  });

  it('lets exactly one of two simultaneous changes on the two replicas through to GoWA', async () => {
    const group = '120363000000000301@g.us';
    const written = writes();
    const answers = await Promise.all([a.set(group, image, { bare: true }), b.set(group, image, { bare: true })]);
    const codes = answers.map(
      (answer) =>
        dataOf(answer)
          .setGroupPicture.userErrors.map((error) => error.code)
          .join() || 'changed',
    );
    expect(codes.sort()).toEqual(['RATE_LIMITED', 'changed']);
    expect(writes()).toBe(written + 1);
  });
});
