import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startWahaEmulator } from '../test/emulators/waha.js';
import { RedisServer } from '../test/support/redis-server.js';
import { startSubgraphProcess } from '../test/support/subgraph-process.js';
import { topSelfTime, type ProfileEntry } from './cpu-profile.js';
import { runLoad } from './load.js';
import { machine, publish } from './report.js';
import { entitiesRequest, freshJids } from './workload.js';

/**
 * `npm run bench -- --profile`: the bench's warm scenario (100 cached pictures per `_entities`
 * request, 16 clients) against ours under `node --cpu-prof`, in process and on Redis, and the
 * functions with the most self time. Start-up and warm-up are left out of the shares.
 */
const REQUESTS = Number(process.env.BENCH_PROFILE_REQUESTS ?? 10_000);
const TOP = 15;
const DIR = fileURLToPath(new URL('../test-artifacts/profiles/', import.meta.url));

async function profiled(name: string, env: Record<string, string>): Promise<{ perSecond: number; top: ProfileEntry[] }> {
  const spawned = Date.now();
  const ours = await startSubgraphProcess(env, ['--cpu-prof', `--cpu-prof-dir=${DIR}`, `--cpu-prof-name=${name}.cpuprofile`]);
  const endpoint = `${ours.url}/graphql`;
  const hundred = entitiesRequest(freshJids(100));
  await runLoad(endpoint, hundred, { requests: 1_000, concurrency: 16 });
  const skipMs = Date.now() - spawned;
  const load = await runLoad(endpoint, hundred, { requests: REQUESTS, concurrency: 16 });
  // A clean exit writes the profile.
  await ours.stop('SIGTERM');
  if (load.bad > 0) {
    throw new Error(`${load.bad} bad responses`);
  }
  return { perSecond: load.perSecond, top: topSelfTime(`${DIR}${name}.cpuprofile`, TOP, skipMs) };
}

export async function profile(): Promise<void> {
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  const redis = await RedisServer.start();
  const waha = await startWahaEmulator();
  const env = { WA_PROVIDER: 'waha', WA_BASE_URL: waha.emulator.url, WA_API_KEY: waha.apiKey ?? '' };
  try {
    const results = {
      'in-process cache': await profiled('warm-in-process', env),
      redis: await profiled('warm-redis', { ...env, REDIS_URL: redis.url }),
    };
    const lines = [`Machine: ${machine()}. ${REQUESTS.toLocaleString('en')} warm requests of 100 cached pictures, 16 clients.`];
    for (const [scenario, { perSecond, top }] of Object.entries(results)) {
      lines.push('', `${scenario}: ${perSecond.toFixed(0)} req/s under the profiler; self time, share of busy time:`, '');
      lines.push(...top.map((entry) => `${(entry.share * 100).toFixed(1).padStart(5)} %  ${entry.name}`));
    }
    lines.push(
      '',
      `Profiles: ${readdirSync(DIR)
        .map((file) => `test-artifacts/profiles/${file}`)
        .join(', ')} (open in Chrome DevTools)`,
    );
    publish('profile', lines, { machine: machine(), requests: REQUESTS, results });
  } finally {
    await waha.emulator.close();
    await redis.stop();
  }
}
