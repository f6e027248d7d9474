import { runLoad, type LoadResult, type Workload } from './load.js';

export interface Target {
  readonly endpoint: string;
  readonly work: Workload;
}

/**
 * Loads every target in turn, `slices` times over with `requests` each, the order rotating every
 * slice, and adds up each target's slices. A shared machine's noise comes and goes over seconds;
 * cut into slices well under that, the targets of one call see the same machine, so their ratios
 * hold even when the absolute rates do not.
 */
export async function interleaved(
  targets: readonly Target[],
  options: { slices: number; requests: number; concurrency: number },
): Promise<LoadResult[]> {
  const totals = targets.map(() => ({ requests: 0, bad: 0, seconds: 0, latenciesMs: [] as number[] }));
  for (let slice = 0; slice < options.slices; slice += 1) {
    for (let turn = 0; turn < targets.length; turn += 1) {
      const index = (slice + turn) % targets.length;
      const { endpoint, work } = targets[index] as Target;
      const result = await runLoad(endpoint, work, { requests: options.requests, concurrency: options.concurrency });
      const total = totals[index] as (typeof totals)[number];
      total.requests += result.requests;
      total.bad += result.bad;
      total.seconds += result.seconds;
      total.latenciesMs.push(...result.latenciesMs);
    }
  }
  return totals.map((total) => ({
    ...total,
    perSecond: total.requests / total.seconds,
    latenciesMs: total.latenciesMs.sort((a, b) => a - b),
  }));
}
