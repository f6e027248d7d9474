import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, sep } from 'node:path';

/** Files outside `src/` that change what tsc emits: compiler settings, and `type` in package.json (ESM or CommonJS). */
const SETTINGS = ['package.json', 'tsconfig.json', 'tsconfig.build.json'];

/**
 * A short hash of everything the compiled output depends on: every file under `src/`, the compiler
 * settings and the compiler's own version. Two checkouts with the same hash compile to the same
 * `dist/`, so a build named by it is never stale and never needs compiling twice.
 */
export function inputsHash(root: string): string {
  const hash = createHash('sha256');
  const compiler = createRequire(join(root, 'package.json'))('typescript/package.json') as { version: string };
  hash.update(`typescript ${compiler.version}\0`);
  for (const file of [...SETTINGS.map((name) => join(root, name)), ...filesUnder(join(root, 'src'))]) {
    // Paths in POSIX form, so a checkout hashes the same on every OS.
    hash.update(`${relative(root, file).split(sep).join('/')}\0`);
    hash.update(readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((entry) => (entry.isDirectory() ? filesUnder(join(dir, entry.name)) : entry.isFile() ? [join(dir, entry.name)] : []));
}
