import { afterAll } from 'vitest';
import { startSubgraph, type RunningSubgraph } from './start-subgraph.js';

/**
 * For a describe block whose tests start subgraphs with settings of their own: the function starts
 * one with `env`, and every one it started is closed after the block. Call it in the describe body,
 * where it can register its afterAll.
 */
export function subgraphsForSuite(): (env?: Record<string, string>) => Promise<RunningSubgraph> {
  const started: RunningSubgraph[] = [];
  afterAll(async () => {
    await Promise.all(started.map((running) => running.close()));
  });
  return async (env = {}) => {
    const running = await startSubgraph({ env });
    started.push(running);
    return running;
  };
}
