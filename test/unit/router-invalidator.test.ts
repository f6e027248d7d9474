import { Counter, Registry } from 'prom-client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RouterInvalidator } from '../../src/router/router-invalidator.js';
import { RecordingRouter } from '../support/recording-router.js';
import { capturingLogger } from '../support/silent-logger.js';

describe('RouterInvalidator', () => {
  let router: RecordingRouter;
  let outcomes: Counter<'outcome'>;
  let invalidator: RouterInvalidator;

  const count = async (outcome: string) => (await outcomes.get()).values.find((value) => value.labels.outcome === outcome)?.value ?? 0;

  beforeAll(async () => {
    router = await RecordingRouter.start('shared-key');
  });
  afterAll(() => router.close());

  beforeEach(() => {
    router.requests.length = 0;
    router.mode = 'ok';
    outcomes = new Counter({ name: 'invalidations_total', help: 'test', labelNames: ['outcome'], registers: [new Registry()] });
    invalidator = new RouterInvalidator({
      config: { url: router.url, key: 'shared-key', subgraph: 'pictures', timeoutMs: 1_000 },
      logger: capturingLogger(),
      outcomes,
    });
  });

  it('POSTs the Router 2.x cache_tag body with the raw shared key, and resolves once the router answered', async () => {
    await invalidator.invalidate(['wa-picture:abc:1@s.whatsapp.net', 'wa-account:abc']);
    expect(router.requests).toEqual([
      {
        authorization: 'shared-key',
        contentType: 'application/json',
        body: [
          { kind: 'cache_tag', subgraphs: ['pictures'], cache_tag: 'wa-picture:abc:1@s.whatsapp.net' },
          { kind: 'cache_tag', subgraphs: ['pictures'], cache_tag: 'wa-account:abc' },
        ],
      },
    ]);
    expect(await count('ok')).toBe(1);
    await invalidator.close();
  });

  it('sends the tags that arrive while a POST is in flight together in the next, one POST at a time, 100 tags at most each', async () => {
    router.mode = 'held';
    const first = invalidator.invalidate(['t0']);
    await router.received(1);
    const waiting = [
      invalidator.invalidate(['t1', 't2']),
      invalidator.invalidate(['t2', 't3']),
      invalidator.invalidate(Array.from({ length: 120 }, (_, index) => `many-${index}`)),
    ];
    // Still one POST in flight: the others wait for it.
    expect(router.requests).toHaveLength(1);
    router.mode = 'ok';
    router.release();
    await Promise.all([first, ...waiting]);
    expect(router.requests.map((request) => (request.body as unknown[]).length)).toEqual([1, 100, 23]);
    expect(router.tags().slice(1, 4)).toEqual(['t1', 't2', 't3']);
    await invalidator.close();
  });

  it('never rejects: a refused key, a failing router and a hanging one are logged and counted', async () => {
    const wrongKey = new RouterInvalidator({
      config: { url: router.url, key: 'wrong', subgraph: 'pictures', timeoutMs: 200 },
      logger: capturingLogger(),
      outcomes,
    });
    await expect(wrongKey.invalidate(['a'])).resolves.toBeUndefined();
    router.mode = 'unavailable';
    await wrongKey.invalidate(['b']);
    router.mode = 'hang';
    await wrongKey.invalidate(['c']);
    expect([await count('rejected'), await count('failed')]).toEqual([2, 1]);
    await wrongKey.close();
  });

  it('drops (and counts) tags past 10,000 waiting behind a slow router', async () => {
    router.mode = 'held';
    const first = invalidator.invalidate(['t0']);
    await router.received(1);
    const flood = invalidator.invalidate(Array.from({ length: 10_005 }, (_, index) => `flood-${index}`));
    expect(await count('dropped')).toBe(5);
    router.mode = 'ok';
    router.release();
    await Promise.all([first, flood]);
    expect(router.tags()).toHaveLength(10_001);
    await invalidator.close();
    // Closed: nothing more is sent.
    await invalidator.invalidate(['late']);
    expect(router.tags()).not.toContain('late');
  });
});
