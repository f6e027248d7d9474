import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('the Node.js line under test', () => {
  it('runs the test workers, and the `node` that npm scripts, tsc and the started subgraphs use, on one line: the one .ci/run asked for', () => {
    const workerLine = process.versions.node.split('.')[0];
    const nodeOnPath = execFileSync('node', ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim();
    expect(nodeOnPath.split('.')[0]).toBe(workerLine);
    // Set by .ci/run (20, 22, 26); outside CI the line under test is whichever `node` ran `npm test`.
    const asked = process.env.CI_NODE_LINE;
    if (asked !== undefined) {
      expect(workerLine).toBe(asked);
    }
  });
});
