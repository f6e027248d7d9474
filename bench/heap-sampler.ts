import { writeFileSync } from 'node:fs';
import type { SubgraphProcess } from '../test/support/subgraph-process.js';

/** Node arguments that load the heap probe into a subgraph process (see heap-probe.mjs). */
export const HEAP_PROBE_ARGS: readonly string[] = ['--expose-gc', `--import=${new URL('./heap-probe.mjs', import.meta.url).href}`];

/** The subgraph's memory after a forced collection, and the heap snapshot taken then, if any. */
export interface HeapSample {
  readonly heapUsed: number;
  readonly rss: number;
  readonly snapshot: string | null;
}

const TIMEOUT_MS = 120_000;

/**
 * Asks the probe in `subgraph` for a collection and its heap, and for a heap snapshot into
 * `snapshotTo` (the directory the subgraph got as HEAP_PROBE_SNAPSHOTS); waits for the answer on
 * the subgraph's log.
 */
export async function sampleHeap(subgraph: SubgraphProcess, snapshotTo?: string): Promise<HeapSample> {
  if (snapshotTo !== undefined) {
    writeFileSync(`${snapshotTo}/take`, '');
  }
  const seen = subgraph.logs.length;
  subgraph.child.kill('SIGUSR2');
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    const answer = subgraph.logs.slice(seen).find((entry) => entry.message === 'heap probe');
    if (answer !== undefined) {
      return {
        heapUsed: Number(answer.heapUsed),
        rss: Number(answer.rss),
        snapshot: typeof answer.snapshot === 'string' ? answer.snapshot : null,
      };
    }
    if (Date.now() > deadline) {
      throw new Error('the heap probe did not answer: was the subgraph started with HEAP_PROBE_ARGS?');
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export function mib(bytes: number): number {
  return bytes / 2 ** 20;
}
