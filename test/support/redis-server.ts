import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Sends one inline command and returns the raw reply; enough for PING, INFO and friends. */
export async function redisCommand(port: number, command: string, timeoutMs = 1_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = new Socket();
    let reply = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`redis ${command} timed out`));
    }, timeoutMs);
    socket.on('data', (chunk) => {
      reply += chunk.toString('utf8');
      // A bulk reply "$<len>\r\n<data>\r\n" is complete once its data has arrived.
      const bulk = /^\$(\d+)\r\n/.exec(reply);
      if (bulk === null || Buffer.byteLength(reply) >= bulk[0].length + Number(bulk[1]) + 2) {
        clearTimeout(timer);
        socket.end();
        resolve(reply);
      }
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.connect(port, '127.0.0.1', () => socket.write(`${command}\r\n`));
  });
}

/** redis-server exited before it answered: most likely its port was taken meanwhile. */
class PortTakenError extends Error {
  constructor(port: number) {
    super(`redis-server exited before answering on port ${port}`);
    this.name = 'PortTakenError';
  }
}

/**
 * A real redis-server on a free loopback port in a temporary directory, owned by one test file:
 * it can be killed, frozen, thawed and restarted on the same port.
 */
export class RedisServer {
  readonly dir = mkdtempSync(join(tmpdir(), 'redis-test-'));
  #process: ChildProcess | undefined;

  private constructor(
    readonly port: number,
    readonly extraArgs: readonly string[],
  ) {}

  static async start(extraArgs: readonly string[] = []): Promise<RedisServer> {
    // Another test's server can take a free port between our check and redis-server's bind: then
    // ours exits at once, and a fresh port is tried (a few times, never forever).
    for (let attempt = 1; ; attempt += 1) {
      const server = new RedisServer(await freePort(), extraArgs);
      try {
        await server.restart();
        return server;
      } catch (error) {
        await server.stop();
        if (!(error instanceof PortTakenError) || attempt >= 5) {
          throw error;
        }
      }
    }
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async restart(): Promise<void> {
    this.#process = spawn(
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        this.dir,
        '--protected-mode',
        'yes',
        ...this.extraArgs,
      ],
      { stdio: 'ignore' },
    );
    const child = this.#process;
    const deadline = Date.now() + 10_000;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new PortTakenError(this.port);
      }
      try {
        // Our own server, not another test's that holds the port: it runs in our directory.
        if ((await redisCommand(this.port, 'CONFIG GET dir', 200)).includes(this.dir)) {
          return;
        }
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        throw new Error(`redis-server did not start on port ${this.port}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  signal(signal: NodeJS.Signals): void {
    this.#process?.kill(signal);
  }

  async kill(): Promise<void> {
    const child = this.#process;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) {
      return;
    }
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGCONT');
    child.kill('SIGKILL');
    await exited;
  }

  async command(command: string): Promise<string> {
    return redisCommand(this.port, command);
  }

  /** How many times Redis ran `name` since the last CONFIG RESETSTAT. */
  async calls(name: string): Promise<number> {
    const info = await this.command('INFO commandstats');
    return Number(new RegExp(`cmdstat_${name}:calls=(\\d+)`).exec(info)?.[1] ?? 0);
  }

  async stop(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
