import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { RedisTarget } from '../../src/config/index.js';
import { RedisServer } from './redis-server.js';

const run = promisify(execFile);

/**
 * What the cache suites need of a Redis under test, one server or a cluster: how the subgraph
 * reaches it, and commands that act on every node (FLUSHALL, CONFIG RESETSTAT, INFO…).
 */
export interface TestRedis {
  readonly target: RedisTarget;
  /** The subgraph's environment for this Redis. */
  readonly env: Readonly<Record<string, string>>;
  /** Runs an inline command on every node; the replies in node order. */
  commandOnEach(command: string): Promise<string[]>;
  /** How many times the nodes together ran `name` since the last CONFIG RESETSTAT. */
  calls(name: string): Promise<number>;
  stop(): Promise<void>;
}

export async function standaloneRedis(): Promise<TestRedis & { server: RedisServer }> {
  const server = await RedisServer.start();
  return {
    server,
    target: { mode: 'standalone', url: server.url },
    env: { REDIS_URL: server.url },
    commandOnEach: async (command) => [await server.command(command)],
    calls: (name) => server.calls(name),
    stop: () => server.stop(),
  };
}

/** A real three-master Redis Cluster on loopback, slots spread by redis-cli as an operator would. */
export async function redisCluster(size = 3): Promise<TestRedis> {
  const nodes = await Promise.all(
    Array.from({ length: size }, () =>
      RedisServer.start(['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--cluster-node-timeout', '2000']),
    ),
  );
  const addresses = nodes.map((node) => `127.0.0.1:${node.port}`);
  await run('redis-cli', ['--cluster', 'create', ...addresses, '--cluster-replicas', '0', '--cluster-yes'], { timeout: 30_000 });
  await waitForClusterOk(nodes);
  const commandOnEach = (command: string) => Promise.all(nodes.map((node) => node.command(command)));
  return {
    target: {
      mode: 'cluster',
      nodes: nodes.map((node) => ({ host: '127.0.0.1', port: node.port })),
      tls: false,
      username: null,
      password: null,
    },
    env: { REDIS_CLUSTER_NODES: addresses.join(',') },
    commandOnEach,
    calls: async (name) => (await Promise.all(nodes.map((node) => node.calls(name)))).reduce((sum, count) => sum + count, 0),
    stop: async () => {
      await Promise.all(nodes.map((node) => node.stop()));
    },
  };
}

async function waitForClusterOk(nodes: readonly RedisServer[]): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const states = await Promise.all(nodes.map((node) => node.command('CLUSTER INFO')));
    if (states.every((info) => info.includes('cluster_state:ok'))) {
      return;
    }
    if (Date.now() > deadline) {
      throw new Error('the test Redis Cluster did not reach cluster_state:ok');
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
