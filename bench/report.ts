import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Spread } from './stats.js';

/** One figure: ours, the peers or the detail, the target and whether ours met it. */
export interface Row {
  readonly figure: string;
  readonly ours: string;
  readonly peer: string;
  readonly target: string;
  readonly met: boolean;
  readonly values: Record<string, Spread | number | string | null>;
}

export function machine(): string {
  return `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
}

export function table(rows: readonly Row[]): string[] {
  return [
    '| figure | ours | peers / detail | target | met |',
    '|---|---|---|---|---|',
    ...rows.map((row) => `| ${row.figure} | ${row.ours} | ${row.peer} | ${row.target} | ${row.met ? 'yes' : '**no**'} |`),
  ];
}

/** Prints `lines` and writes `data` as JSON to test-artifacts/<name>.json. */
export function publish(name: string, lines: readonly string[], data: Record<string, unknown>): void {
  const out = fileURLToPath(new URL(`../test-artifacts/${name}.json`, import.meta.url));
  process.stdout.write(`${lines.join('\n')}\n`);
  mkdirSync(new URL('../test-artifacts/', import.meta.url), { recursive: true });
  writeFileSync(out, `${JSON.stringify(data, null, 2)}\n`);
  process.stdout.write(`\nFigures as JSON: test-artifacts/${name}.json\n`);
}
