// Loaded into the measured subgraph with `node --expose-gc --import ./bench/heap-probe.mjs`: on
// SIGUSR2 it collects garbage and writes the heap as one JSON log line on stderr (where the bench
// reads the subgraph's logs). When HEAP_PROBE_SNAPSHOTS names a directory and the bench has put a
// file `take` there, it writes a heap snapshot into it first. Plain JavaScript, so the measured
// process loads no TypeScript loader.
import { existsSync, rmSync } from 'node:fs';
import { writeHeapSnapshot } from 'node:v8';

const collect = globalThis.gc;
if (typeof collect !== 'function') {
  throw new Error('heap-probe needs --expose-gc');
}

let taken = 0;
process.on('SIGUSR2', () => {
  // Twice: the first pass may only finish what the last young-generation collection left.
  collect();
  collect();
  const directory = process.env.HEAP_PROBE_SNAPSHOTS;
  let snapshot = null;
  if (directory && existsSync(`${directory}/take`)) {
    rmSync(`${directory}/take`);
    taken += 1;
    snapshot = writeHeapSnapshot(`${directory}/heap-${process.pid}-${taken}.heapsnapshot`);
  }
  const { heapUsed, heapTotal, rss, external, arrayBuffers } = process.memoryUsage();
  process.stderr.write(`${JSON.stringify({ message: 'heap probe', heapUsed, heapTotal, rss, external, arrayBuffers, snapshot })}\n`);
});
