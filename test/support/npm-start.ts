import { spawn } from 'node:child_process';

export interface NpmStart {
  /** Where the subgraph listens, without a path. */
  readonly url: string;
  /** Everything npm, the build and the subgraph printed, for assertions and failure messages. */
  readonly output: () => string;
  /** Kills npm, its shell and the subgraph (one process group) and waits for npm to exit. */
  stop(): Promise<void>;
}

/**
 * Runs `npm start` in `dir` exactly as a user types it — npm from PATH, so on the Node line under
 * test — on a free loopback port, and resolves once the subgraph logs that it listens.
 */
export function npmStart(dir: string, timeoutMs: number): Promise<NpmStart> {
  const child = spawn('npm', ['start'], {
    cwd: dir,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      npm_config_update_notifier: 'false',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so stop() reaches the subgraph that npm's shell started too.
    detached: true,
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      process.kill(-child.pid, 'SIGKILL');
    }
    await exited;
  };
  return new Promise<NpmStart>((resolve, reject) => {
    const fail = (reason: string) => {
      void stop().then(() => reject(new Error(`npm start ${reason}:\n${output}`)));
    };
    const timer = setTimeout(() => fail(`did not listen within ${timeoutMs} ms`), timeoutMs);
    const exitedEarly = (code: number | null) => {
      clearTimeout(timer);
      fail(`exited with ${code} before listening`);
    };
    child.once('exit', exitedEarly);
    // npm missing from PATH: there is no process to stop.
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`npm start could not run: ${error.message}`));
    });
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    let pending = '';
    child.stderr.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output += text;
      pending += text;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const url = listeningUrl(line);
        if (url !== undefined) {
          clearTimeout(timer);
          child.off('exit', exitedEarly);
          resolve({ url, output: () => output, stop });
        }
      }
    });
  });
}

/** The URL from the subgraph's JSON log line announcing that it listens. */
function listeningUrl(line: string): string | undefined {
  try {
    const entry = JSON.parse(line) as { message?: unknown; url?: unknown };
    return entry.message === 'picture subgraph listening' ? String(entry.url).replace(/\/graphql$/, '') : undefined;
  } catch {
    return undefined;
  }
}
