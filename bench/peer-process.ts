import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));

export interface PeerProcess {
  /** The GraphQL endpoint. */
  readonly endpoint: string;
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

/** A peer from bench/peers/ in its own process, as ours runs in its own, so they compete alike. */
export async function startPeer(file: string, env: Record<string, string> = {}): Promise<PeerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', `${root}bench/peers/${file}`], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const endpoint = await new Promise<string>((resolve, reject) => {
    let pending = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      const line = pending.split('\n').find((candidate) => candidate.startsWith('{"url"'));
      if (line !== undefined) {
        resolve(`${(JSON.parse(line) as { url: string }).url}/`);
      }
    });
    child.once('exit', (code) => reject(new Error(`peer ${file} exited with ${code}`)));
  });
  return {
    endpoint,
    child,
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Resident set size of a process, in MiB, from /proc. */
export function rssMiB(pid: number): number {
  const kib = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
  return kib / 1024;
}
