import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { buildOnce } from '../../scripts/build/atomic-build.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));

const START_TIMEOUT_MS = 15_000;

let built: Promise<unknown> | undefined;

/**
 * Compiles the subgraph as `npm start` does, once per test file, so the processes run today's code —
 * through the same atomic build, so a suite never rewrites a dist/ that a running start is loading.
 */
export function buildSubgraph(): Promise<unknown> {
  built ??= buildOnce(root);
  return built;
}

export interface SubgraphProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Every log line the process wrote, parsed. */
  readonly logs: Array<Record<string, unknown>>;
  /** Sends `signal` and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * The built subgraph as its own OS process on a free loopback port, configured only by `env`;
 * `nodeArgs` go to node before the script (the bench's profiles and heap probes).
 */
export async function startSubgraphProcess(env: Record<string, string>, nodeArgs: readonly string[] = []): Promise<SubgraphProcess> {
  await buildSubgraph();
  const child = spawn(process.execPath, [...nodeArgs, `${root}dist/main.js`], {
    cwd: root,
    // A picture store of its own unless the test gives one: nothing lands in the working tree.
    env: {
      PATH: process.env.PATH ?? '',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      PICTURE_STORE_DIR: mkdtempSync(join(tmpdir(), 'picture-store-')),
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const logs: Array<Record<string, unknown>> = [];
  // The logger writes JSON lines to stderr; anything else there is a crash worth showing.
  let text = '';
  const url = new Promise<string>((resolve, reject) => {
    let pending = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const entry = parseLogLine(line);
        if (entry === undefined) {
          text += `${line}\n`;
          continue;
        }
        logs.push(entry);
        if (entry.message === 'picture subgraph listening') {
          resolve(String(entry.url).replace(/\/graphql$/, ''));
        }
      }
    });
    void exited.then((code) => reject(new Error(`the subgraph exited with ${code} before listening: ${text}`)));
    setTimeout(() => reject(new Error(`the subgraph did not listen within ${START_TIMEOUT_MS} ms: ${text}`)), START_TIMEOUT_MS).unref();
  });
  try {
    await url;
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    url: await url,
    child,
    logs,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill(signal);
      }
      return exited;
    },
  };
}

function parseLogLine(line: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(line);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Runs the built subgraph expecting it to refuse to start; resolves with its exit code and stderr. */
export async function failedStart(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  await buildSubgraph();
  try {
    await run(process.execPath, [`${root}dist/main.js`], { cwd: root, env: { PATH: process.env.PATH ?? '', ...env }, timeout: 10_000 });
  } catch (error) {
    const failure = error as { code: number | null; stderr: string };
    return { code: failure.code, stderr: failure.stderr };
  }
  throw new Error('the subgraph started although its configuration is bad');
}
