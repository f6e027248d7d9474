import { startWahaEmulator } from '../test/emulators/waha.js';
import { RedisServer } from '../test/support/redis-server.js';
import { startSubgraphProcess } from '../test/support/subgraph-process.js';
import { HEAP_PROBE_ARGS, mib, sampleHeap } from './heap-sampler.js';
import { hostedEntitiesRequest } from './hosting-workload.js';
import { interleaved } from './interleave.js';
import { percentile, runLoad, type LoadResult } from './load.js';
import { rssMiB, startPeer, type PeerProcess } from './peer-process.js';
import { machine, publish, table, type Row } from './report.js';
import { formatSpread, spread } from './stats.js';
import { entitiesRequest, freshJids, mixedRequest } from './workload.js';

/**
 * The figures: ours against its peers, started side by side in this run, on loopback. Every
 * figure is a ratio or a count measured in interleaved rounds (median, min–max), so a noisy shared
 * machine moves the peers and ours alike. Every response is checked; bad ones are reported.
 */
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 50);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const MEMORY_REQUESTS = Number(process.env.BENCH_MEMORY_REQUESTS ?? 100_000);
const CONCURRENCY = 16;
// Requests per target and round at 100 representations, and the slices each is cut into (see interleave.ts).
const BATCH_REQUESTS = 1_000;
const SLICES = 10;

let badResponses = 0;
const rows: Row[] = [];

function counted(result: LoadResult): LoadResult {
  badResponses += result.bad;
  return result;
}

interface Peers {
  readonly redis: RedisServer;
  readonly waha: Awaited<ReturnType<typeof startWahaEmulator>>;
  readonly providerEnv: Record<string, string>;
  readonly ours: { readonly memory: string; readonly redis: string };
  readonly p0: PeerProcess;
  readonly p1: PeerProcess;
}

let peers!: Peers;

export async function figures(): Promise<void> {
  const redis = await RedisServer.start();
  const waha = await startWahaEmulator();
  waha.emulator.inject({ kind: 'latency', ms: LATENCY_MS });
  const providerEnv = {
    WA_PROVIDER: 'waha',
    WA_BASE_URL: waha.emulator.url,
    WA_API_KEY: waha.apiKey ?? '',
    UPSTREAM_CONCURRENCY: String(CONCURRENCY),
  };
  const [oursMemory, oursRedis, p0, p1] = await Promise.all([
    startSubgraphProcess(providerEnv),
    startSubgraphProcess({ ...providerEnv, REDIS_URL: redis.url }),
    startPeer('static-floor.ts'),
    startPeer('naive-subgraph.ts', { WA_BASE_URL: waha.emulator.url, WA_API_KEY: waha.apiKey ?? '' }),
  ]);
  peers = { redis, waha, providerEnv, ours: { memory: `${oursMemory.url}/graphql`, redis: `${oursRedis.url}/graphql` }, p0, p1 };
  try {
    await warmPath();
    await hostingCost();
    await coldBatch();
    await deduplication();
    await politeness();
    await memory();
  } finally {
    await Promise.all([oursMemory.stop('SIGKILL'), oursRedis.stop('SIGKILL'), p0.stop(), p1.stop()]);
    await waha.emulator.close();
    await redis.stop();
  }
  const lines = [
    `Machine: ${machine()}. Provider latency L = ${LATENCY_MS} ms, ${ROUNDS} rounds. Bad responses: ${badResponses}.`,
    '',
    ...table(rows),
  ];
  publish('bench', lines, { machine: machine(), latencyMs: LATENCY_MS, rounds: ROUNDS, badResponses, rows });
  if (badResponses > 0) {
    process.exitCode = 1;
  }
}

const providerCalls = () => peers.waha.emulator.requests.length;

/**
 * G1, G4 and the warm ratios W1/W2: warm answers, in each round P0 and ours at 1 representation,
 * then P0, ours in process and ours on Redis at 100, each group interleaved in slices. The warm
 * ratios divide ours at 100 cached pictures by P0 at 100 in the same slices: how far past the
 * floor of any Apollo subgraph executing with graphql-js ours is.
 */
async function warmPath(): Promise<void> {
  const { p0, ours, redis } = peers;
  const one = entitiesRequest(freshJids(1));
  const hundred = entitiesRequest(freshJids(100));
  for (const [endpoint, work] of [
    [p0.endpoint, one],
    [ours.memory, one],
    [ours.redis, hundred],
    [p0.endpoint, hundred],
    [ours.memory, hundred],
  ] as const) {
    counted(await runLoad(endpoint, work, { requests: 300, concurrency: CONCURRENCY }));
  }
  const overhead: number[] = [];
  const warmRatio: number[] = [];
  const roundTrips: number[] = [];
  const rates = { p0: [] as number[], ours: [] as number[], redis100: [] as number[], p0100: [] as number[], memory100: [] as number[] };
  for (let round = 0; round < ROUNDS; round += 1) {
    const [floor, single] = (
      await interleaved(
        [
          { endpoint: p0.endpoint, work: one },
          { endpoint: ours.memory, work: one },
        ],
        { slices: SLICES, requests: 3_000 / SLICES, concurrency: CONCURRENCY },
      )
    ).map(counted) as [LoadResult, LoadResult];
    await redis.command('CONFIG RESETSTAT');
    const [floor100, memory100, redis100] = (
      await interleaved(
        [
          { endpoint: p0.endpoint, work: hundred },
          { endpoint: ours.memory, work: hundred },
          { endpoint: ours.redis, work: hundred },
        ],
        { slices: SLICES, requests: BATCH_REQUESTS / SLICES, concurrency: CONCURRENCY },
      )
    ).map(counted) as [LoadResult, LoadResult, LoadResult];
    // Only ours on Redis talks to Redis.
    const commands = (await redis.calls('mget')) + (await redis.calls('get')) + (await redis.calls('set'));
    roundTrips.push(commands / redis100.requests);
    rates.p0.push(floor.perSecond);
    rates.ours.push(single.perSecond);
    rates.p0100.push(floor100.perSecond);
    rates.memory100.push(memory100.perSecond);
    rates.redis100.push(redis100.perSecond);
    overhead.push(single.perSecond / floor.perSecond);
    warmRatio.push(redis100.perSecond / single.perSecond);
  }
  const g1 = spread(overhead);
  rows.push({
    figure: 'G1 overhead: warm `_entities`, 1 representation, req/s ÷ P0',
    ours: formatSpread(g1),
    peer: `P0 ${formatSpread(spread(rates.p0), 0)} req/s; ours ${formatSpread(spread(rates.ours), 0)} req/s`,
    target: '≥ 0.75',
    met: g1.median >= 0.75,
    values: { ratio: g1, p0PerSecond: spread(rates.p0), oursPerSecond: spread(rates.ours) },
  });
  const trips = spread(roundTrips);
  const g4 = spread(warmRatio);
  rows.push({
    figure: 'G4 warm path: 100 cached representations on Redis, round trips per request',
    ours: formatSpread(trips),
    peer: '—',
    target: '1',
    met: trips.max <= 1,
    values: { roundTripsPerRequest: trips },
  });
  rows.push({
    figure: 'G4 warm path: req/s with 100 cached representations ÷ G1 req/s',
    ours: formatSpread(g4),
    peer: `ours on Redis ${formatSpread(spread(rates.redis100), 0)} req/s; ours at 1 representation ${formatSpread(spread(rates.ours), 0)} req/s`,
    target: '≥ 0.5',
    met: g4.median >= 0.5,
    values: { ratio: g4, perSecond: spread(rates.redis100) },
  });
  const p0At100 = `P0 ${formatSpread(spread(rates.p0100), 0)} req/s`;
  const againstP0At100 = (figure: string, ours: number[], target: number): void => {
    const ratio = spread(ours.map((rate, index) => rate / (rates.p0100[index] as number)));
    rows.push({
      figure,
      ours: formatSpread(ratio),
      peer: `ours ${formatSpread(spread(ours), 0)} req/s; ${p0At100}`,
      target: `≥ ${target.toFixed(1)}`,
      met: ratio.median >= target,
      values: { ratio, perSecond: spread(ours), p0PerSecond: spread(rates.p0100) },
    });
  };
  againstP0At100('W1 warm ratio, in-process cache: 100 cached pictures per request, req/s ÷ P0 at 100', rates.memory100, 2);
  againstP0At100('W2 warm ratio, Redis: 100 cached pictures per request, req/s ÷ P0 at 100', rates.redis100, 1);
}

/**
 * Hosted pictures on the warm path: the same 100 cached pictures with `hostedUrl` and `displayUrl`
 * from ours (a picture store on) and from a process with PICTURE_STORE=off, interleaved.
 */
async function hostingCost(): Promise<void> {
  const { providerEnv, ours } = peers;
  const off = await startSubgraphProcess({ ...providerEnv, PICTURE_STORE: 'off' });
  const endpoints = { on: ours.memory, off: `${off.url}/graphql` };
  const work = hostedEntitiesRequest(freshJids(100));
  const rates = { on: [] as number[], off: [] as number[] };
  try {
    for (const endpoint of [endpoints.on, endpoints.off]) {
      counted(await runLoad(endpoint, work, { requests: 300, concurrency: CONCURRENCY }));
    }
    for (let round = 0; round < ROUNDS; round += 1) {
      rates.off.push(counted(await runLoad(endpoints.off, work, { requests: 500, concurrency: CONCURRENCY })).perSecond);
      rates.on.push(counted(await runLoad(endpoints.on, work, { requests: 500, concurrency: CONCURRENCY })).perSecond);
    }
  } finally {
    await off.stop('SIGKILL');
  }
  const ratio = spread(rates.on.map((rate, index) => rate / (rates.off[index] as number)));
  rows.push({
    figure: 'Hosting: warm `_entities`, 100 representations with hostedUrl and displayUrl, req/s hosting on ÷ off',
    ours: formatSpread(ratio),
    peer: `on ${formatSpread(spread(rates.on), 0)} req/s; off ${formatSpread(spread(rates.off), 0)} req/s`,
    target: '≥ 0.9',
    met: ratio.median >= 0.9,
    values: { ratio, onPerSecond: spread(rates.on), offPerSecond: spread(rates.off) },
  });
}

/** G2: one request for 100 cold pictures against 100 requests of one, interleaved. */
async function coldBatch(): Promise<void> {
  const { ours } = peers;
  const floorMs = LATENCY_MS * Math.ceil(100 / CONCURRENCY);
  const batchMs: number[] = [];
  const oneByOneMs: number[] = [];
  for (let round = 0; round < Math.max(3, Math.ceil(ROUNDS / 2)); round += 1) {
    const batch = counted(await runLoad(ours.memory, entitiesRequest(freshJids(100)), { requests: 1, concurrency: 1 }));
    batchMs.push(batch.latenciesMs[0] as number);
    const ids = freshJids(100);
    const sequential = counted(
      await runLoad(ours.memory, (index) => entitiesRequest([ids[index] as string]), { requests: 100, concurrency: 1 }),
    );
    oneByOneMs.push(sequential.seconds * 1000);
  }
  const p50 = spread(batchMs);
  const ratio = spread(batchMs.map((ms) => ms / floorMs));
  const speedup = spread(oneByOneMs.map((ms, index) => ms / (batchMs[index] as number)));
  rows.push({
    figure: `G2 cold batch: 100 JIDs, L = ${LATENCY_MS} ms, concurrency ${CONCURRENCY}: p50 ÷ (L × ⌈100/${CONCURRENCY}⌉ = ${floorMs} ms)`,
    ours: formatSpread(ratio),
    peer: `p50 ${formatSpread(p50, 0)} ms`,
    target: '≤ 1.25',
    met: ratio.median <= 1.25,
    values: { ratio, p50Ms: p50 },
  });
  rows.push({
    figure: 'G2 cold batch: speed-up over fetching the 100 one by one',
    ours: `${formatSpread(speedup, 1)}×`,
    peer: `one by one ${formatSpread(spread(oneByOneMs), 0)} ms`,
    target: '≥ 10×',
    met: speedup.median >= 10,
    values: { speedup, oneByOneMs: spread(oneByOneMs) },
  });
}

/** G3: provider calls per distinct JID, for a request repeating each JID 10× and for 50 identical requests. */
async function deduplication(): Promise<void> {
  const { ours, p1 } = peers;
  const measure = async (endpoint: string, kind: 'repeated' | 'concurrent'): Promise<number> => {
    const distinct = freshJids(10);
    const before = providerCalls();
    if (kind === 'repeated') {
      counted(
        await runLoad(endpoint, entitiesRequest(distinct.flatMap((id) => Array<string>(10).fill(id))), { requests: 1, concurrency: 1 }),
      );
    } else {
      counted(await runLoad(endpoint, entitiesRequest(distinct), { requests: 50, concurrency: 50 }));
    }
    return (providerCalls() - before) / distinct.length;
  };
  for (const kind of ['repeated', 'concurrent'] as const) {
    const oursCalls: number[] = [];
    const peerCalls: number[] = [];
    for (let round = 0; round < 3; round += 1) {
      oursCalls.push(await measure(ours.memory, kind));
      peerCalls.push(await measure(p1.endpoint, kind));
    }
    const result = spread(oursCalls);
    rows.push({
      figure:
        kind === 'repeated'
          ? 'G3 de-duplication: each JID 10× in one request, provider calls per distinct JID'
          : 'G3 de-duplication: 50 concurrent identical cold requests, provider calls per distinct JID',
      ours: formatSpread(result),
      peer: `P1 ${formatSpread(spread(peerCalls))}`,
      target: '1.00',
      met: result.max === 1,
      values: { ours: result, p1: spread(peerCalls) },
    });
  }
}

/** G5: 200 requests for distinct cold pictures in flight at once; the most provider calls seen at once. */
async function politeness(): Promise<void> {
  const { ours, p1, waha } = peers;
  const measure = async (endpoint: string): Promise<number> => {
    waha.emulator.maxInFlight = 0;
    const ids = freshJids(200);
    counted(await runLoad(endpoint, (index) => entitiesRequest([ids[index] as string]), { requests: 200, concurrency: 200 }));
    return waha.emulator.maxInFlight;
  };
  const oursPeak: number[] = [];
  const peerPeak: number[] = [];
  for (let round = 0; round < 3; round += 1) {
    oursPeak.push(await measure(ours.memory));
    peerPeak.push(await measure(p1.endpoint));
  }
  const result = spread(oursPeak);
  rows.push({
    figure: 'G5 politeness: 200 requests in flight, most concurrent provider calls per session',
    ours: formatSpread(result, 0),
    peer: `P1 ${formatSpread(spread(peerPeak), 0)}`,
    target: `≤ ${CONCURRENCY}`,
    met: result.max <= CONCURRENCY,
    values: { ours: result, p1: spread(peerPeak) },
  });
}

/**
 * Memory of ours after warm-up and after MEMORY_REQUESTS of mixed work (warm singles, warm batches,
 * some cold), in a process of its own so that the earlier figures' load does not count: the heap
 * after forced collections (what the process keeps: a leak shows here) and the RSS (what the OS
 * lends it, which V8 and malloc grow under load and keep).
 */
async function memory(): Promise<void> {
  const probe = await startSubgraphProcess(peers.providerEnv, HEAP_PROBE_ARGS);
  try {
    const endpoint = `${probe.url}/graphql`;
    const known = freshJids(1_000);
    counted(await runLoad(endpoint, entitiesRequest(known), { requests: 1, concurrency: 1 }));
    counted(await runLoad(endpoint, (index) => mixedRequest(index, known), { requests: 20_000, concurrency: 32 }));
    const warm = await sampleHeap(probe);
    const warmRss = rssMiB(probe.child.pid as number);
    const run = counted(await runLoad(endpoint, (index) => mixedRequest(index, known), { requests: MEMORY_REQUESTS, concurrency: 32 }));
    const after = await sampleHeap(probe);
    const afterRss = rssMiB(probe.child.pid as number);
    const growth = (after.heapUsed - warm.heapUsed) / warm.heapUsed;
    const rssGrowth = (afterRss - warmRss) / warmRss;
    const percent = (fraction: number) => `${fraction >= 0 ? '+' : ''}${(fraction * 100).toFixed(1)} %`;
    rows.push({
      figure: `Memory: heap after GC after warm-up → after ${MEMORY_REQUESTS.toLocaleString('en')} mixed requests (${(MEMORY_REQUESTS / 50).toLocaleString('en')} new pictures cached)`,
      ours: `${mib(warm.heapUsed).toFixed(1)} → ${mib(after.heapUsed).toFixed(1)} MiB (${percent(growth)})`,
      peer: `RSS ${warmRss.toFixed(0)} → ${afterRss.toFixed(0)} MiB (${percent(rssGrowth)}); ${run.perSecond.toFixed(0)} req/s, p99 ${percentile(run.latenciesMs, 0.99).toFixed(1)} ms`,
      target: '< 10 % growth',
      met: growth < 0.1,
      values: {
        warmHeapMiB: mib(warm.heapUsed),
        afterHeapMiB: mib(after.heapUsed),
        growth,
        warmRssMiB: warmRss,
        afterRssMiB: afterRss,
        rssGrowth,
      },
    });
  } finally {
    await probe.stop('SIGKILL');
  }
}
