import { execFile } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readlinkSync, renameSync, rmSync, symlinkSync, utimesSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { promisify } from 'node:util';
import { errorCode, tryLock, type BuildLock } from './build-lock.js';
import { inputsHash } from './inputs-hash.js';

const run = promisify(execFile);

/** How long a start waits for a live concurrent start to finish compiling the same sources before compiling itself. */
const WAIT_FOR_CONCURRENT_MS = 120_000;
const POLL_MS = 100;
/** Builds not used for this long are deleted; running processes loaded their modules at start and never read them again. */
const KEEP_UNUSED_BUILD_MS = 60 * 60_000;
const NO_LOCK: BuildLock = { release: () => undefined };

export type BuildOutcome = 'compiled' | 'reused' | 'waited';

export interface BuildResult {
  /** The build directory `dist` now points to, relative to the checkout. */
  readonly dir: string;
  readonly outcome: BuildOutcome;
}

export class CompileError extends Error {
  constructor(readonly output: string) {
    super('tsc failed');
  }
}

/**
 * Makes `dist` the compiled output of the checkout's current sources, safely under any number of
 * concurrent callers. Each build lives in its own directory named by the hash of its inputs,
 * `.dist-<hash>/`; tsc writes into a private temporary directory that becomes `.dist-<hash>/` by
 * one rename, so a build is complete or absent, never half-written. `dist` is a symlink that a
 * second rename switches to it. `node dist/main.js` resolves that link once, at start, and loads
 * every module from that one build directory, which nothing rewrites. Unchanged sources reuse
 * their build; edited sources get a new one, so stale output never runs.
 */
export async function buildOnce(root: string): Promise<BuildResult> {
  const dir = `.dist-${inputsHash(root)}`;
  const giveUpWaitingAt = Date.now() + WAIT_FOR_CONCURRENT_MS;
  let outcome: BuildOutcome = 'reused';
  while (!existsSync(join(root, dir))) {
    const lock = Date.now() < giveUpWaitingAt ? tryLock(join(root, `${dir}.lock`)) : NO_LOCK;
    if (lock === undefined) {
      // A live concurrent start compiles these very sources: wait for its rename rather than compete for the CPU.
      outcome = 'waited';
      await delay(POLL_MS);
      continue;
    }
    try {
      if (!existsSync(join(root, dir))) {
        await compile(root, dir);
        outcome = 'compiled';
      }
    } finally {
      lock.release();
    }
  }
  // Marks the build as in use, so a concurrent sweep of old builds leaves it alone.
  const now = new Date();
  utimesSync(join(root, dir), now, now);
  pointDistAt(root, dir);
  sweepOldBuilds(root, dir);
  return { dir, outcome };
}

async function compile(root: string, dir: string): Promise<void> {
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(join(root, tmp), { recursive: true, force: true });
  const tsc = createRequire(join(root, 'package.json')).resolve('typescript/bin/tsc');
  try {
    // The temporary directory sits beside dist, so source maps' `../src/…` paths hold after the rename.
    await run(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', tmp], { cwd: root, maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    rmSync(join(root, tmp), { recursive: true, force: true });
    const failure = error as { stdout?: string; stderr?: string; message: string };
    throw new CompileError(`${failure.stdout ?? ''}${failure.stderr ?? ''}` || failure.message);
  }
  try {
    renameSync(join(root, tmp), join(root, dir));
  } catch (error) {
    // Another start renamed the same sources' build first; theirs is identical to ours.
    if (errorCode(error) !== 'ENOTEMPTY' && errorCode(error) !== 'EEXIST') {
      throw error;
    }
    rmSync(join(root, tmp), { recursive: true, force: true });
  }
}

function pointDistAt(root: string, dir: string): void {
  const dist = join(root, 'dist');
  if (readLink(dist) === dir) {
    return;
  }
  const next = join(root, `.dist-link-${process.pid}`);
  rmSync(next, { force: true });
  // Relative, so a checkout that is moved or copied keeps working.
  symlinkSync(dir, next);
  try {
    renameSync(next, dist);
  } catch (error) {
    if (errorCode(error) !== 'EISDIR') {
      throw error;
    }
    // dist is a plain directory from a bare `tsc` run: move it aside, then take its place.
    const aside = join(root, `.dist-replaced-${process.pid}`);
    try {
      renameSync(dist, aside);
    } catch (moveError) {
      if (errorCode(moveError) !== 'ENOENT') {
        throw moveError;
      }
    }
    renameSync(next, dist);
    rmSync(aside, { recursive: true, force: true });
  }
}

function readLink(path: string): string | undefined {
  try {
    return readlinkSync(path);
  } catch {
    return undefined;
  }
}

/** Deletes other builds, and the leftovers of killed builds, once they have gone unused for a while. */
function sweepOldBuilds(root: string, keep: string): void {
  for (const name of readdirSync(root)) {
    if (!name.startsWith('.dist-') || name === keep || name === `${keep}.lock`) {
      continue;
    }
    const path = join(root, name);
    try {
      if (Date.now() - lstatSync(path).mtimeMs > KEEP_UNUSED_BUILD_MS) {
        rmSync(path, { recursive: true, force: true });
      }
    } catch {
      // Already gone: another start swept it.
    }
  }
}
