import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

const START_TIMEOUT_MS = 30_000;
const POLL_MS = 100;
export const SWIFT_ACCESS_KEY = 'test:tester';
export const SWIFT_SECRET_KEY = 'testing';

/** A port nobody listens on right now (the kernel's pick for port 0). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') {
    throw new Error('no free port');
  }
  return address.port;
}

const RING_SCRIPT = `import sys
from swift.common.ring import RingBuilder
etc = sys.argv[1]
for spec in sys.argv[2:]:
    name, port = spec.split(':')
    builder = RingBuilder(8, 1, 1)
    builder.add_dev({'region': 1, 'zone': 1, 'ip': '127.0.0.1', 'port': int(port), 'device': 'd1', 'weight': 1})
    builder.rebalance()
    builder.save(f'{etc}/{name}.builder')
    builder.get_ring().save(f'{etc}/{name}.ring.gz')
`;

/** Whether something accepts a TCP connection on the loopback port. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function serverConf(root: string, name: string, port: number): string {
  return [
    '[DEFAULT]',
    `devices = ${root}/srv`,
    'mount_check = false',
    'bind_ip = 127.0.0.1',
    `bind_port = ${port}`,
    'workers = 0',
    `swift_dir = ${root}/etc`,
    '[pipeline:main]',
    `pipeline = ${name}-server`,
    `[app:${name}-server]`,
    `use = egg:swift#${name}`,
    '',
  ].join('\n');
}

function proxyConf(root: string, port: number, memcachedPort: number): string {
  return [
    '[DEFAULT]',
    'bind_ip = 127.0.0.1',
    `bind_port = ${port}`,
    'workers = 0',
    `swift_dir = ${root}/etc`,
    '[pipeline:main]',
    // Memcache is required: tempauth keeps its tokens there, without it every S3 call is a 500.
    'pipeline = catch_errors proxy-logging cache listing_formats s3api tempauth copy slo dlo proxy-logging proxy-server',
    '[app:proxy-server]',
    'use = egg:swift#proxy',
    'account_autocreate = true',
    'allow_account_management = true',
    '[filter:catch_errors]',
    'use = egg:swift#catch_errors',
    '[filter:proxy-logging]',
    'use = egg:swift#proxy_logging',
    '[filter:cache]',
    'use = egg:swift#memcache',
    `memcache_servers = 127.0.0.1:${memcachedPort}`,
    '[filter:listing_formats]',
    'use = egg:swift#listing_formats',
    '[filter:s3api]',
    'use = egg:swift#s3api',
    'location = us-east-1',
    '[filter:tempauth]',
    'use = egg:swift#tempauth',
    `user_test_tester = ${SWIFT_SECRET_KEY} .admin`,
    '[filter:copy]',
    'use = egg:swift#copy',
    '[filter:slo]',
    'use = egg:swift#slo',
    '[filter:dlo]',
    'use = egg:swift#dlo',
    '',
  ].join('\n');
}

/**
 * A real S3-compatible server for the tests: OpenStack Swift with its s3api middleware, from
 * Debian's packages (test/setup/system-deps.sh installs them), per the verified recipe in
 * shared/image-hosting.md §3.2 — memcached and the account, container, object and proxy servers,
 * each on a free loopback port, configured in a temporary directory that `stop` removes.
 */
export class SwiftS3 {
  readonly endpoint: string;
  readonly #root: string;
  readonly #children: ChildProcess[];
  readonly #backendPorts: readonly number[];

  private constructor(endpoint: string, root: string, children: ChildProcess[], backendPorts: readonly number[]) {
    this.endpoint = endpoint;
    this.#root = root;
    this.#children = children;
    this.#backendPorts = backendPorts;
  }

  static async start(): Promise<SwiftS3> {
    const root = mkdtempSync(join(tmpdir(), 'swift-s3-'));
    for (const directory of ['etc', 'srv/d1', 'log']) {
      mkdirSync(join(root, directory), { recursive: true });
    }
    const etc = join(root, 'etc');
    writeFileSync(
      join(etc, 'swift.conf'),
      '[swift-hash]\nswift_hash_path_prefix = t\nswift_hash_path_suffix = t\n[storage-policy:0]\nname = gold\ndefault = yes\n',
    );
    const [proxy, memcached, account, container, object] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
    const servers = { account, container, object } as const;
    // One device, one replica per ring: the smallest Swift that stores objects. Built by one Python
    // process with Swift's own RingBuilder (what swift-ring-builder runs), not nine invocations of it.
    writeFileSync(join(root, 'rings.py'), RING_SCRIPT);
    await run('/usr/bin/python3', [join(root, 'rings.py'), etc, ...Object.entries(servers).map(([name, port]) => `${name}:${port}`)]);
    for (const [name, port] of Object.entries(servers)) {
      writeFileSync(join(etc, `${name}-server.conf`), serverConf(root, name, port));
    }
    writeFileSync(join(etc, 'proxy-server.conf'), proxyConf(root, proxy, memcached));
    const children: ChildProcess[] = [
      spawn('memcached', ['-u', 'root', '-l', '127.0.0.1', '-p', String(memcached), '-m', '32'], { stdio: 'ignore' }),
    ];
    for (const name of ['account', 'container', 'object', 'proxy']) {
      children.push(spawn(`swift-${name}-server`, [join(etc, `${name}-server.conf`)], { stdio: 'ignore' }));
    }
    const swift = new SwiftS3(`http://127.0.0.1:${proxy}`, root, children, [memcached, account, container, object]);
    try {
      await swift.#ready();
    } catch (error) {
      await swift.stop();
      throw error;
    }
    return swift;
  }

  /** Stops every process it started and removes its directory. */
  async stop(): Promise<void> {
    await Promise.all(
      this.#children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) {
              resolve();
              return;
            }
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      ),
    );
    rmSync(this.#root, { recursive: true, force: true });
  }

  /**
   * Until the proxy answers /info and memcached and the account, container and object servers
   * accept connections (about 3–7 s; the proxy alone can be up while a busy machine is still
   * starting the object server): bounded, and failing early if a server exits.
   */
  async #ready(): Promise<void> {
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      const exited = this.#children.find((child) => child.exitCode !== null);
      if (exited !== undefined) {
        throw new Error(`${String(exited.spawnfile)} exited with ${exited.exitCode} while Swift was starting`);
      }
      const answered = await fetch(`${this.endpoint}/info`).then(
        (response) => response.ok,
        () => false,
      );
      if (answered && (await Promise.all(this.#backendPorts.map(accepts))).every(Boolean)) {
        return;
      }
      if (Date.now() > deadline) {
        throw new Error(`Swift did not answer ${this.endpoint}/info within ${START_TIMEOUT_MS} ms`);
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
}
