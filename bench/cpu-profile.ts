import { readFileSync } from 'node:fs';

/** One function's share of the profiled CPU time, by self time (time in the function itself, not its callees). */
export interface ProfileEntry {
  readonly share: number;
  readonly name: string;
}

interface CpuProfile {
  readonly startTime: number;
  readonly nodes: ReadonlyArray<{ readonly id: number; readonly callFrame: { functionName: string; url: string; lineNumber: number } }>;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

// Time the process spent waiting, not working: left out so that shares are of busy time.
const IDLE = new Set(['(idle)', '(program)']);

/** Where a function lives, short: the package or our file, and its line. */
function location(url: string, line: number): string {
  const path = url.replace(/^file:\/\//, '');
  const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(path);
  const short = inPackage ? `${inPackage[1]}/${inPackage[2]}` : path.replace(/^.*?\/(dist|\.dist-[^/]+|src)\//, 'dist/');
  return short === '' ? '' : ` (${short}:${line + 1})`;
}

/**
 * The functions with the most self time in a `node --cpu-prof` profile, with their shares of busy
 * time; samples in the first `skipMs` (start-up and warm-up) are left out.
 */
export function topSelfTime(file: string, count: number, skipMs = 0): ProfileEntry[] {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const self = new Map<string, number>();
  let busy = 0;
  let elapsed = 0;
  profile.samples.forEach((id, index) => {
    const frame = frames.get(id);
    const micros = profile.timeDeltas[index] ?? 0;
    elapsed += micros;
    if (frame === undefined || IDLE.has(frame.functionName) || elapsed < skipMs * 1000) {
      return;
    }
    const name = `${frame.functionName === '' ? '(anonymous)' : frame.functionName}${location(frame.url, frame.lineNumber)}`;
    self.set(name, (self.get(name) ?? 0) + micros);
    busy += micros;
  });
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, micros]) => ({ name, share: micros / busy }));
}
