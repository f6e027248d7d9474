import { mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startWahaEmulator } from '../test/emulators/waha.js';
import { startSubgraphProcess } from '../test/support/subgraph-process.js';
import { HEAP_PROBE_ARGS, mib, sampleHeap, type HeapSample } from './heap-sampler.js';
import { heapClasses, heapGrowth } from './heap-snapshot.js';
import { runLoad } from './load.js';
import { machine, publish } from './report.js';
import { entitiesRequest, freshJids, mixedRequest } from './workload.js';

/**
 * `npm run bench -- --soak`: BENCH_SOAK_MINUTES of mixed cold and warm load against ours with the
 * in-process cache, sampling the heap after forced collections every BENCH_SOAK_SAMPLE_SECONDS.
 * New pictures keep arriving, so the cache fills up to its byte bound (SOAK_CACHE_MAX_BYTES, small
 * so that it is reached early) and then evicts; past that the heap must stay flat. Heap snapshots
 * where the second half starts and at the end (BENCH_SOAK_SNAPSHOTS=1) show what grew, if anything.
 */
const MINUTES = Number(process.env.BENCH_SOAK_MINUTES ?? 10);
const SAMPLE_SECONDS = Number(process.env.BENCH_SOAK_SAMPLE_SECONDS ?? 30);
const SNAPSHOTS = process.env.BENCH_SOAK_SNAPSHOTS === '1';
const CACHE_MAX_BYTES = 8 * 1024 * 1024;
const LATENCY_MS = 20;
// Growth of the heap over the second half, from its fitted line, that still counts as flat.
const FLAT = 0.03;
const DIR = fileURLToPath(new URL('../test-artifacts/soak/', import.meta.url));

interface Sample extends HeapSample {
  readonly minute: number;
  readonly requests: number;
}

/** Least-squares slope of `y` over `x`. */
function slope(points: ReadonlyArray<readonly [number, number]>): number {
  const n = points.length;
  const meanX = points.reduce((sum, [x]) => sum + x, 0) / n;
  const meanY = points.reduce((sum, [, y]) => sum + y, 0) / n;
  const covariance = points.reduce((sum, [x, y]) => sum + (x - meanX) * (y - meanY), 0);
  const variance = points.reduce((sum, [x]) => sum + (x - meanX) ** 2, 0);
  return variance === 0 ? 0 : covariance / variance;
}

export async function soak(): Promise<void> {
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  const waha = await startWahaEmulator();
  waha.emulator.inject({ kind: 'latency', ms: LATENCY_MS });
  const ours = await startSubgraphProcess(
    {
      WA_PROVIDER: 'waha',
      WA_BASE_URL: waha.emulator.url,
      WA_API_KEY: waha.apiKey ?? '',
      CACHE_MAX_BYTES: String(CACHE_MAX_BYTES),
      ...(SNAPSHOTS ? { HEAP_PROBE_SNAPSHOTS: DIR } : {}),
    },
    HEAP_PROBE_ARGS,
  );
  const samples: Sample[] = [];
  let requests = 0;
  let bad = 0;
  try {
    const endpoint = `${ours.url}/graphql`;
    const known = freshJids(1_000);
    await runLoad(endpoint, entitiesRequest(known), { requests: 1, concurrency: 1 });
    const started = Date.now();
    const deadline = started + MINUTES * 60_000;
    let nextSample = started;
    let snapshotTaken = false;
    while (Date.now() < deadline) {
      if (Date.now() >= nextSample) {
        const minute = (Date.now() - started) / 60_000;
        // One snapshot where the second half starts, one at the end.
        const takeSnapshot: boolean = SNAPSHOTS && !snapshotTaken && minute >= MINUTES / 2;
        snapshotTaken ||= takeSnapshot;
        samples.push({ ...(await sampleHeap(ours, takeSnapshot ? DIR : undefined)), minute, requests });
        nextSample += SAMPLE_SECONDS * 1000;
      }
      const offset = requests;
      // One in 50 requests a new picture, as in the figures' memory run, plus one in 25 a batch of 10 new ones.
      const chunk = await runLoad(
        endpoint,
        (index) => ((offset + index) % 25 === 1 ? entitiesRequest(freshJids(10)) : mixedRequest(offset + index, known)),
        { requests: 2_000, concurrency: 32 },
      );
      requests += chunk.requests;
      bad += chunk.bad;
    }
    samples.push({ ...(await sampleHeap(ours, SNAPSHOTS ? DIR : undefined)), minute: (Date.now() - started) / 60_000, requests });
  } finally {
    await ours.stop('SIGKILL');
    await waha.emulator.close();
  }

  // The second half: by then the cache has long reached its bound.
  const half = samples.filter((sample) => sample.minute >= MINUTES / 2);
  const perMinute = slope(half.map((sample) => [sample.minute, sample.heapUsed] as const));
  const meanHeap = half.reduce((sum, sample) => sum + sample.heapUsed, 0) / half.length;
  const halfMinutes = (half.at(-1)?.minute ?? 0) - (half[0]?.minute ?? 0);
  const growth = (perMinute * halfMinutes) / meanHeap;
  const flat = Math.abs(growth) < FLAT;
  const lines = [
    `Machine: ${machine()}. ${MINUTES} minutes, ${requests.toLocaleString('en')} requests (${bad} bad), in-process cache bounded at ${mib(CACHE_MAX_BYTES)} MiB.`,
    '',
    '| minute | requests | heap after GC, MiB | RSS, MiB |',
    '|---|---|---|---|',
    ...samples.map(
      (sample) =>
        `| ${sample.minute.toFixed(1)} | ${sample.requests.toLocaleString('en')} | ${mib(sample.heapUsed).toFixed(1)} | ${mib(sample.rss).toFixed(0)} |`,
    ),
    '',
    `Second half: heap after GC ${mib(meanHeap).toFixed(1)} MiB on average, slope ${(mib(perMinute) * 1024).toFixed(1)} KiB/min, ` +
      `${(growth * 100).toFixed(2)} % over ${halfMinutes.toFixed(1)} min: ${flat ? 'flat' : '**not flat**'} (flat: under ${FLAT * 100} %).`,
  ];
  const [first, last] = samples.flatMap((sample) => (sample.snapshot === null ? [] : [sample.snapshot]));
  let grew: ReturnType<typeof heapGrowth> = [];
  if (first && last) {
    grew = heapGrowth(heapClasses(first), heapClasses(last), 10);
    lines.push('', 'What grew between the first and last snapshot of the second half:', '');
    lines.push(
      ...grew.map(
        (entry) => `- ${entry.name}: ${entry.count >= 0 ? '+' : ''}${entry.count} objects, ${(entry.bytes / 1024).toFixed(0)} KiB`,
      ),
    );
  }
  publish('soak', lines, {
    machine: machine(),
    minutes: MINUTES,
    requests,
    bad,
    cacheMaxBytes: CACHE_MAX_BYTES,
    samples,
    perMinute,
    growth,
    flat,
    grew,
  });
  if (bad > 0 || !flat) {
    process.exitCode = 1;
  }
}
