import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/** Set by .ci/run: the Node.js major line this `npm test` is meant to run on (20, 22, 26). */
const expected = process.env.CI_NODE_LINE;

describe.runIf(expected !== undefined)('the Node.js line under test', () => {
  it('runs the test workers, and the `node` that npm scripts, tsc and the started subgraphs use, on that line', () => {
    expect(process.versions.node.split('.')[0]).toBe(expected);
    const nodeOnPath = execFileSync('node', ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim();
    expect(nodeOnPath.split('.')[0]).toBe(expected);
  });
});
