import { Cluster, Redis, type RedisOptions, type Result } from 'ioredis';
import type { RedisTarget } from '../config/index.js';
import type { Logger } from '../logger.js';
import type { CacheOperation } from '../observability/cache-metrics.js';
import type { Cache, CacheClaim, CacheEntry, CacheHealth } from './cache.js';
import { CircuitBreaker } from './circuit-breaker.js';

// Scripts run atomically on the server: a guard checked and a value written in one step.
const SCRIPTS = {
  // KEYS: entry, guard. ARGV: value, expiry (ms since epoch), whether the guard must hold a value, that value.
  setGuarded: {
    numberOfKeys: 2,
    lua: `local current = redis.call('GET', KEYS[2])
if (ARGV[3] == '0' and current == false) or (ARGV[3] == '1' and current == ARGV[4]) then
  redis.call('SET', KEYS[1], ARGV[1], 'PXAT', ARGV[2])
  return 1
end
return 0`,
  },
  // KEYS: lease. ARGV: holder, ttl ms. -1 when claimed, else the holder's remaining ms.
  claimLease: {
    numberOfKeys: 1,
    lua: `if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return -1 end
return redis.call('PTTL', KEYS[1])`,
  },
  // KEYS: lease. ARGV: holder.
  releaseLease: {
    numberOfKeys: 1,
    lua: `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`,
  },
} as const;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    setGuarded(
      key: string,
      guard: string,
      value: string,
      expiresAt: number,
      hasValue: '0' | '1',
      expected: string,
    ): Result<number, Context>;
    claimLease(key: string, holder: string, ttlMs: number): Result<number, Context>;
    releaseLease(key: string, holder: string): Result<number, Context>;
  }
}

export interface RedisCacheOptions {
  /** One server (`redis://` or `rediss://`, with a password when it wants one) or a cluster. */
  readonly target: RedisTarget;
  /** Longest any command may take; past it the command counts as a miss. */
  readonly commandTimeoutMs: number;
  readonly logger: Logger;
  /** Told of every failed call (each is served as a miss or a skipped write), for metrics. */
  readonly onFailure?: (operation: CacheOperation) => void;
}

const BREAKER = { failureThreshold: 3, openMs: 2_000 };
// At most one log line per this interval while Redis is failing, not one per request.
const LOG_INTERVAL_MS = 10_000;

/**
 * The shared cache of several replicas. Redis is never a dependency: commands are never queued
 * while it is away, each is bounded by a short timeout, every failure is a miss or a skipped
 * write, and a breaker stops asking while it keeps failing. ioredis reconnects on its own.
 */
export class RedisCache implements Cache {
  readonly #client: Redis | Cluster;
  readonly #commandTimeoutMs: number;
  readonly #breaker = new CircuitBreaker(BREAKER);
  readonly #logger: Logger;
  readonly #onFailure: (operation: CacheOperation) => void;
  #lastLog = 0;

  constructor(options: RedisCacheOptions) {
    this.#logger = options.logger;
    this.#onFailure = options.onFailure ?? (() => {});
    this.#commandTimeoutMs = options.commandTimeoutMs;
    this.#client = connect(options.target, options.commandTimeoutMs);
    for (const [name, script] of Object.entries(SCRIPTS)) {
      this.#client.defineCommand(name, script);
    }
    this.#client.on('error', (error: Error) => this.#report('connection', 'redis connection error', error));
  }

  health(): CacheHealth {
    return this.#client.status === 'ready' && this.#breaker.state !== 'open' ? 'ok' : 'degraded';
  }

  async getMany(keys: readonly string[]): Promise<Array<string | undefined>> {
    const misses = keys.map(() => undefined);
    if (keys.length === 0 || !this.#breaker.allows()) {
      return misses;
    }
    try {
      const values = await this.#bounded(this.#client.mget(...keys));
      this.#breaker.succeeded();
      return values.map((value) => value ?? undefined);
    } catch (error) {
      this.#breaker.failed();
      this.#report('read', 'redis read failed; serving without the cache', error);
      return misses;
    }
  }

  async setMany(entries: readonly CacheEntry[]): Promise<void> {
    if (entries.length === 0 || !this.#breaker.allows()) {
      return;
    }
    // Absolute expiry: time spent queueing the pipeline never lengthens an entry's life.
    const now = Date.now();
    const pipeline = this.#client.pipeline();
    for (const { key, value, ttlMs, guard } of entries) {
      if (guard === undefined) {
        pipeline.set(key, value, 'PXAT', now + ttlMs);
      } else {
        pipeline.setGuarded(key, guard.key, value, now + ttlMs, guard.value === null ? '0' : '1', guard.value ?? '');
      }
    }
    await this.#write(pipeline.exec(), 'write', 'redis write failed; entries not cached');
  }

  async deleteMany(keys: readonly string[]): Promise<void> {
    if (keys.length === 0 || !this.#breaker.allows()) {
      return;
    }
    await this.#write(this.#client.del(...keys), 'delete', 'redis delete failed');
  }

  async claim(key: string, value: string, ttlMs: number): Promise<CacheClaim> {
    if (!this.#breaker.allows()) {
      return { claimed: true };
    }
    try {
      const remainingMs = await this.#bounded(this.#client.claimLease(key, value, ttlMs));
      this.#breaker.succeeded();
      return remainingMs === -1 ? { claimed: true } : { claimed: false, remainingMs: Math.max(0, remainingMs) };
    } catch (error) {
      // Never a dependency: without Redis the lease is only as wide as this process's own guard.
      this.#breaker.failed();
      this.#report('claim', 'redis claim failed; the lease covers this process only', error);
      return { claimed: true };
    }
  }

  async release(key: string, value: string): Promise<void> {
    if (!this.#breaker.allows()) {
      return;
    }
    await this.#write(this.#client.releaseLease(key, value), 'release', 'redis release failed; the lease runs out on its own');
  }

  async close(): Promise<void> {
    try {
      await this.#client.quit();
    } catch {
      this.#client.disconnect();
    }
  }

  /** Awaits a command whose failure only costs a skipped write, never an error for the caller. */
  async #write(command: Promise<unknown>, operation: CacheOperation, failure: string): Promise<void> {
    try {
      const outcome = await this.#bounded(command);
      // A pipeline answers [error, result] pairs; the first error fails the whole write.
      const pipelineError = Array.isArray(outcome) ? outcome.find((pair) => Array.isArray(pair) && pair[0] !== null)?.[0] : undefined;
      if (pipelineError) {
        throw pipelineError;
      }
      this.#breaker.succeeded();
    } catch (error) {
      this.#breaker.failed();
      this.#report(operation, failure, error);
    }
  }

  /**
   * The client's own command timeout bounds one command on one connection; a cluster may add
   * redirections and retries on top. This bound holds for the whole call, whatever the topology.
   */
  async #bounded<T>(command: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`redis did not answer within ${this.#commandTimeoutMs} ms`)), this.#commandTimeoutMs);
    });
    try {
      return await Promise.race([command, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  #report(operation: CacheOperation, message: string, error: unknown): void {
    this.#onFailure(operation);
    const now = Date.now();
    if (now - this.#lastLog >= LOG_INTERVAL_MS) {
      this.#lastLog = now;
      this.#logger.warn(message, { error });
    }
  }
}

function connect(target: RedisTarget, commandTimeoutMs: number): Redis | Cluster {
  const options: RedisOptions = {
    enableOfflineQueue: false,
    commandTimeout: commandTimeoutMs,
    connectTimeout: Math.max(1_000, commandTimeoutMs),
    maxRetriesPerRequest: 0,
    // Keep trying to come back, but never faster than every 100 ms nor slower than every 2 s.
    retryStrategy: (attempt) => Math.min(100 * attempt, 2_000),
    // The Redis connection name makes replicas visible in CLIENT LIST.
    connectionName: 'wa-picture-subgraph',
  };
  if (target.mode === 'standalone') {
    return new Redis(target.url, options);
  }
  return new Cluster([...target.nodes], {
    enableOfflineQueue: false,
    clusterRetryStrategy: (attempt) => Math.min(100 * attempt, 2_000),
    // A failover or a resharding is answered by the next request, not by waiting in this one.
    retryDelayOnClusterDown: 0,
    retryDelayOnFailover: 0,
    retryDelayOnTryAgain: 0,
    maxRedirections: 2,
    redisOptions: {
      ...options,
      ...(target.username === null ? {} : { username: target.username }),
      ...(target.password === null ? {} : { password: target.password }),
      ...(target.tls ? { tls: {} } : {}),
    },
  });
}
