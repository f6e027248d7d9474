import { figures } from './figures.js';
import { profile } from './profile.js';
import { soak } from './soak.js';

/**
 * `npm run bench`: the figures, ours against its peers side by side (bench/figures.ts).
 * `npm run bench -- --profile`: CPU profiles of the warm path (bench/profile.ts).
 * `npm run bench -- --soak`: mixed load for BENCH_SOAK_MINUTES with the heap after GC sampled (bench/soak.ts).
 */
const args = new Set(process.argv.slice(2));
if (args.has('--soak')) {
  await soak();
} else if (args.has('--profile')) {
  await profile();
} else {
  await figures();
}
