import { execFileSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readlinkSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOnce, CompileError } from '../../scripts/build/atomic-build.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** A checkout shaped like ours — package.json, the two tsconfigs, src/ — small enough to compile in a second. */
function tinyCheckout(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wa-subgraph-build-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        lib: ['ES2022'],
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        types: ['node'],
        strict: true,
        skipLibCheck: true,
        noEmit: true,
      },
    }),
  );
  writeFileSync(
    join(dir, 'tsconfig.build.json'),
    JSON.stringify({ extends: './tsconfig.json', compilerOptions: { noEmit: false, rootDir: 'src', outDir: 'dist' }, include: ['src'] }),
  );
  mkdirSync(join(dir, 'src'));
  symlinkSync(realpathSync(join(root, 'node_modules')), join(dir, 'node_modules'));
  return dir;
}

describe('the build behind npm start', () => {
  let checkout: string;
  const writeMain = (answer: string) =>
    writeFileSync(join(checkout, 'src', 'main.ts'), `const answer: number = ${answer};\nconsole.log(answer);\n`);
  const runDist = () => execFileSync(process.execPath, [join(checkout, 'dist', 'main.js')], { encoding: 'utf8' }).trim();

  beforeAll(() => {
    checkout = tinyCheckout();
  });
  afterAll(() => {
    rmSync(checkout, { recursive: true, force: true });
  });

  it('compiles once, reuses the build while src/ is unchanged, and compiles anew after an edit', async () => {
    writeMain('1');
    const first = await buildOnce(checkout);
    expect(first.outcome).toBe('compiled');
    expect(readlinkSync(join(checkout, 'dist'))).toBe(first.dir);
    expect(runDist()).toBe('1');

    expect(await buildOnce(checkout)).toEqual({ dir: first.dir, outcome: 'reused' });

    writeMain('2');
    const edited = await buildOnce(checkout);
    expect(edited.outcome).toBe('compiled');
    expect(edited.dir).not.toBe(first.dir);
    expect(runDist()).toBe('2');
  }, 30_000);

  it('leaves dist on the last good build when tsc fails, with no half-written directory behind', async () => {
    writeMain('3');
    const good = await buildOnce(checkout);
    writeMain("'three'");
    const failure = await buildOnce(checkout).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CompileError);
    expect((failure as CompileError).output).toContain('TS2322');
    expect(readlinkSync(join(checkout, 'dist'))).toBe(good.dir);
    expect(runDist()).toBe('3');
    expect(readdirSync(checkout).filter((name) => name.includes('.tmp-') || name.endsWith('.lock'))).toEqual([]);
  }, 30_000);

  it('replaces a plain dist directory left by a bare tsc run', async () => {
    writeMain('4');
    rmSync(join(checkout, 'dist'));
    mkdirSync(join(checkout, 'dist'));
    writeFileSync(join(checkout, 'dist', 'main.js'), 'console.log("old");\n');
    const { dir } = await buildOnce(checkout);
    expect(lstatSync(join(checkout, 'dist')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(checkout, 'dist'))).toBe(dir);
    expect(runDist()).toBe('4');
    expect(existsSync(join(checkout, dir))).toBe(true);
  }, 30_000);
});
