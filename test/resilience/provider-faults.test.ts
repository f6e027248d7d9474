import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startGowaEmulator } from '../emulators/gowa.js';
import { startWahaEmulator } from '../emulators/waha.js';
import { metricSum } from '../support/metrics.js';
import { postGraphQL, startSubgraph, type RunningSubgraph } from '../support/start-subgraph.js';
import { TestClock } from '../support/test-clock.js';

type Waha = Awaited<ReturnType<typeof startWahaEmulator>>;
type Answer = Awaited<ReturnType<typeof postGraphQL>>;

interface ReadyBody {
  readonly status: string;
  readonly checks: {
    readonly cache: string;
    readonly sessions: Record<string, { provider: string; breaker: string; pausedUntil?: string }>;
  };
}

let users = 0;

/** A contact no other test has asked for; its last digit gives it a picture in the emulator's world. */
function freshContact(): string {
  users += 1;
  return `4917${String(users).padStart(7, '0')}1@c.us`;
}

function contacts(ids: readonly string[], arguments_ = ''): { query: string } {
  const representations = ids.map((id) => `{ __typename: "Contact", id: "${id}" }`).join(', ');
  return { query: `{ _entities(representations: [${representations}]) { ... on Contact { picture${arguments_} { status url } } } }` };
}

function pictures(answer: Answer): unknown[] {
  return (answer.body.data?._entities as Array<{ picture: unknown }>).map((entity) => entity.picture);
}

function codes(answer: Answer): Array<string | undefined> {
  return (answer.body.errors ?? []).map((error) => error.extensions?.code);
}

async function ready(url: string): Promise<ReadyBody> {
  return (await (await fetch(`${url}/ready`)).json()) as ReadyBody;
}

const GROUP = '120363099999999991@g.us';
const DELETE = { query: `mutation { deleteGroupPicture(groupId: "${GROUP}") { userErrors { code retryAt } } }` };

describe('provider faults, over real HTTP against the WAHA emulator', () => {
  let waha: Waha;
  let clock: TestClock;
  const subgraphs: RunningSubgraph[] = [];
  /** Every log line of every subgraph these tests started, for the credential check at the end. */
  const logLines: string[] = [];

  async function subgraph(env: Record<string, string> = {}): Promise<RunningSubgraph> {
    const running = await startSubgraph({
      env: {
        WA_PROVIDER: 'waha',
        WA_BASE_URL: waha.emulator.url,
        WA_API_KEY: waha.apiKey ?? '',
        // A refresh always asks the provider: the way to reach a cached picture's stale-if-error path here.
        REFRESH_MIN_INTERVAL_SECONDS: '0',
        ...env,
      },
      providerClock: clock.now,
    });
    subgraphs.push(running);
    return running;
  }

  beforeAll(async () => {
    // WAHA Plus: it takes writes, so the write side of a pause and of an open breaker can be seen.
    waha = await startWahaEmulator({ edition: 'plus' });
  });
  beforeEach(() => {
    waha.emulator.reset();
    clock = new TestClock();
  });
  afterEach(async () => {
    for (const running of subgraphs.splice(0)) {
      logLines.push(...running.logger.lines);
      await running.close();
    }
  });
  afterAll(async () => {
    await waha?.emulator.close();
  });

  it('stops calling a provider that answers only 5xx, slowly; serves cached pictures meanwhile; closes again on its own', async () => {
    const running = await subgraph();
    const cached = [freshContact(), freshContact()];
    expect(pictures(await postGraphQL(running.url, contacts(cached)))).toEqual([
      expect.objectContaining({ status: 'AVAILABLE' }),
      expect.objectContaining({ status: 'AVAILABLE' }),
    ]);
    waha.emulator.reset();
    const SLOW_MS = 1_000;
    waha.emulator.inject({ kind: 'latency', ms: SLOW_MS });
    waha.emulator.inject({ kind: 'status', status: 503, body: { statusCode: 503, message: 'Service Unavailable' } });

    // 60 requests at once, each for a picture nobody has cached.
    const burst = await Promise.all(Array.from({ length: 60 }, () => postGraphQL(running.url, contacts([freshContact()]))));
    for (const answer of burst) {
      expect(pictures(answer)).toEqual([null]);
      expect(codes(answer)).toEqual(['UPSTREAM_UNAVAILABLE']);
    }
    const calls = waha.emulator.requests.length;
    expect(calls).toBeGreaterThanOrEqual(10);
    expect(calls).toBeLessThanOrEqual(36);
    expect((await ready(running.url)).checks.sessions).toEqual({ default: { provider: 'waha', breaker: 'open' } });

    // Open: answers without a call, far sooner than the provider's own latency.
    for (let index = 0; index < 10; index += 1) {
      const started = Date.now();
      const answer = await postGraphQL(running.url, contacts([freshContact()]));
      expect(Date.now() - started).toBeLessThan(SLOW_MS);
      expect(codes(answer)).toEqual(['UPSTREAM_UNAVAILABLE']);
    }
    // Cached pictures still answer: fresh ones from the cache, and a refresh through stale-if-error.
    expect(pictures(await postGraphQL(running.url, contacts(cached)))).toEqual([
      expect.objectContaining({ status: 'AVAILABLE' }),
      expect.objectContaining({ status: 'AVAILABLE' }),
    ]);
    const refreshed = await postGraphQL(running.url, contacts(cached, '(refresh: true)'));
    expect(refreshed.body.errors).toBeUndefined();
    expect(pictures(refreshed)).toEqual([
      expect.objectContaining({ status: 'AVAILABLE' }),
      expect.objectContaining({ status: 'AVAILABLE' }),
    ]);
    // A write fails the same way, before any call.
    expect(codes(await postGraphQL(running.url, DELETE))).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(waha.emulator.requests).toHaveLength(calls);

    // Every request that went out is counted, retries stayed within 20 % of the reads, and each failure was logged once.
    const attempts = await metricSum(running.url, 'picture_provider_calls_total');
    const retried = await metricSum(running.url, 'picture_provider_retries_total', { decision: 'retried' });
    // The two pictures cached at the start were calls too.
    expect(attempts).toBe(calls + 2);
    expect(await metricSum(running.url, 'picture_provider_calls_total', { outcome: 'unavailable' })).toBe(calls);
    expect(retried * 100).toBeLessThanOrEqual((attempts - retried) * 20);
    const failureLines = running.logger.lines.filter((line) => line.includes('"provider call failed"'));
    expect(failureLines).toHaveLength(calls);
    // Every call since the fault either went out once (then perhaps retried) or was refused without one:
    // 60 + 10 reads, 2 refreshes and 1 write.
    const firstAttempts = attempts - 2 - retried;
    expect(await metricSum(running.url, 'picture_provider_calls_rejected_total', { reason: 'breaker_open' })).toBe(73 - firstAttempts);
    expect(await metricSum(running.url, 'picture_provider_breaker_state', { session: 'default', state: 'open' })).toBe(1);

    // After the open period, a few probes; the provider still fails, so the breaker opens again.
    clock.advance(15_000);
    const probing = await Promise.all(Array.from({ length: 5 }, () => postGraphQL(running.url, contacts([freshContact()]))));
    expect(probing.flatMap(codes)).toEqual(Array.from({ length: 5 }, () => 'UPSTREAM_UNAVAILABLE'));
    expect(waha.emulator.requests.length - calls).toBe(2);
    expect((await ready(running.url)).checks.sessions.default?.breaker).toBe('open');

    // The provider recovers: after the next open period the first probe succeeds and the breaker closes.
    waha.emulator.clearFaults();
    clock.advance(15_000);
    expect(pictures(await postGraphQL(running.url, contacts([freshContact()])))).toEqual([
      expect.objectContaining({ status: 'AVAILABLE' }),
    ]);
    expect((await ready(running.url)).checks.sessions.default?.breaker).toBe('closed');
    const after = await Promise.all(Array.from({ length: 5 }, () => postGraphQL(running.url, contacts([freshContact()]))));
    expect(after.flatMap(pictures)).toEqual(Array.from({ length: 5 }, () => expect.objectContaining({ status: 'AVAILABLE' })));
    expect(await metricSum(running.url, 'picture_provider_breaker_state', { session: 'default', state: 'closed' })).toBe(1);
    expect(await metricSum(running.url, 'picture_provider_breaker_transitions_total', { state: 'closed' })).toBe(1);
  });

  it('after a 429 with Retry-After: 4, makes no call for 4 s and says UPSTREAM_RATE_LIMITED with the time; then serves again', async () => {
    const running = await subgraph();
    const cached = freshContact();
    await postGraphQL(running.url, contacts([cached]));
    waha.emulator.reset();
    waha.emulator.inject({ kind: 'rate-limit', retryAfterSeconds: 4 }, { times: 1 });

    const limited = await postGraphQL(running.url, contacts([freshContact()]));
    expect(pictures(limited)).toEqual([null]);
    const retryAt = limited.body.errors?.[0]?.extensions?.retryAt ?? '';
    expect(limited.body.errors?.[0]?.extensions).toEqual({ code: 'UPSTREAM_RATE_LIMITED', retryAt, retryAfterSeconds: 4 });
    expect(Math.abs(Date.parse(retryAt) - (clock.now() + 4_000))).toBeLessThan(2_000);
    expect(waha.emulator.requests).toHaveLength(1);

    clock.advance(3_000);
    for (let index = 0; index < 5; index += 1) {
      const paused = await postGraphQL(running.url, contacts([freshContact()]));
      expect(paused.body.errors?.[0]?.extensions).toEqual({ code: 'UPSTREAM_RATE_LIMITED', retryAt, retryAfterSeconds: 1 });
    }
    // A cached picture still answers, also when asked to refresh (stale-if-error).
    expect(pictures(await postGraphQL(running.url, contacts([cached], '(refresh: true)')))).toEqual([
      expect.objectContaining({ status: 'AVAILABLE' }),
    ]);
    // A write is refused as RATE_LIMITED, with the same time.
    const write = await postGraphQL(running.url, DELETE);
    expect(write.body.data?.deleteGroupPicture).toEqual({ userErrors: [{ code: 'RATE_LIMITED', retryAt }] });
    expect(waha.emulator.requests).toHaveLength(1);
    expect((await ready(running.url)).checks.sessions).toEqual({ default: { provider: 'waha', breaker: 'closed', pausedUntil: retryAt } });
    expect(await metricSum(running.url, 'picture_provider_session_paused', { session: 'default' })).toBe(1);

    clock.advance(1_000);
    expect(pictures(await postGraphQL(running.url, contacts([freshContact()])))).toEqual([
      expect.objectContaining({ status: 'AVAILABLE' }),
    ]);
    expect(waha.emulator.requests).toHaveLength(2);
    expect((await ready(running.url)).checks.sessions.default).toEqual({ provider: 'waha', breaker: 'closed' });
  });

  it('pauses on a 503 whose Retry-After is an HTTP date, until that date', async () => {
    const running = await subgraph();
    const until = new Date(Math.ceil(clock.now() / 1000) * 1000 + 10_000);
    waha.emulator.inject(
      { kind: 'status', status: 503, body: 'Down for maintenance', headers: { 'retry-after': until.toUTCString() } },
      { times: 1 },
    );
    const first = await postGraphQL(running.url, contacts([freshContact()]));
    expect(first.body.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retryAt: until.toISOString() });
    const paused = await postGraphQL(running.url, contacts([freshContact()]));
    expect(paused.body.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_RATE_LIMITED', retryAt: until.toISOString() });
    expect(waha.emulator.requests).toHaveLength(1);
    // HTTP dates have whole seconds: the date is up to a second past now plus ten.
    clock.advance(11_000);
    expect(pictures(await postGraphQL(running.url, contacts([freshContact()])))).toEqual([
      expect.objectContaining({ status: 'AVAILABLE' }),
    ]);
    // A 503 that asks for a pause is the provider speaking, not failing: it does not count towards the breaker.
    expect((await ready(running.url)).checks.sessions.default?.breaker).toBe('closed');
  });

  it('counts real provider calls on /metrics, and two apps in one process keep their own counts', async () => {
    const first = await subgraph();
    const second = await subgraph();
    const seen = [freshContact(), freshContact(), freshContact()];
    await postGraphQL(first.url, contacts(seen));
    expect(waha.emulator.requests).toHaveLength(3);
    expect(await metricSum(first.url, 'picture_provider_calls_total', { provider: 'waha', session: 'default', outcome: 'ok' })).toBe(3);
    expect(await metricSum(first.url, 'picture_provider_call_duration_seconds_count', { outcome: 'ok' })).toBe(3);
    expect(await metricSum(second.url, 'picture_provider_calls_total')).toBe(0);

    await postGraphQL(second.url, contacts([freshContact()]));
    // Cached: no call, no count.
    await postGraphQL(first.url, contacts(seen));
    expect(waha.emulator.requests).toHaveLength(4);
    expect(await metricSum(first.url, 'picture_provider_calls_total')).toBe(3);
    expect(await metricSum(second.url, 'picture_provider_calls_total')).toBe(1);
    expect(await metricSum(first.url, 'picture_provider_calls_in_flight')).toBe(0);
    expect(await metricSum(first.url, 'picture_provider_breaker_state', { provider: 'waha', session: 'default', state: 'closed' })).toBe(1);
  });

  it('logs captured during these fault tests hold none of the configured credentials, and no JID', () => {
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.some((line) => line.includes('"provider call failed"'))).toBe(true);
    const everything = logLines.join('\n');
    expect(everything).not.toContain(waha.apiKey ?? 'no key configured');
    expect(everything).not.toMatch(/4917\d{7}1/);
  });
});

describe("GoWA's answers in HTTP 500s", () => {
  it('never open the breaker: "not set" and "hidden" are answers, judged after the adapter mapped them', async () => {
    const gowa = await startGowaEmulator();
    const running = await startSubgraph({
      env: {
        WA_PROVIDER: 'gowa',
        WA_BASE_URL: gowa.emulator.url,
        WA_SESSION: 'device-a',
        WA_USERNAME: gowa.basicAuth?.username ?? '',
        WA_PASSWORD: gowa.basicAuth?.password ?? '',
      },
    });
    try {
      // Last digit 6–7: no picture; 8–9: hidden. GoWA says both with HTTP 500.
      const ids = Array.from({ length: 24 }, (_, index) => `49170${String(index).padStart(6, '0')}${6 + (index % 4)}@s.whatsapp.net`);
      const answer = await postGraphQL(running.url, contacts(ids));
      expect(answer.body.errors).toBeUndefined();
      expect(new Set(pictures(answer).map((picture) => (picture as { status: string }).status))).toEqual(new Set(['NOT_SET', 'HIDDEN']));
      expect(new Set(gowa.emulator.requests.map((request) => request.path))).toEqual(new Set(['/user/avatar']));
      expect(await metricSum(running.url, 'picture_provider_calls_total', { provider: 'gowa', outcome: 'ok' })).toBe(24);
      expect((await ready(running.url)).checks.sessions.default?.breaker).toBe('closed');
    } finally {
      await running.close();
      await gowa.emulator.close();
    }
  });
});
