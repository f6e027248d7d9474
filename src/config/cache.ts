import { ConfigError, integer, raw, type Env } from './env.js';

export interface RedisNode {
  readonly host: string;
  readonly port: number;
}

/** One Redis server (REDIS_URL) or a Redis Cluster found through some of its nodes (REDIS_CLUSTER_NODES). */
export type RedisTarget =
  | { readonly mode: 'standalone'; readonly url: string }
  | {
      readonly mode: 'cluster';
      readonly nodes: readonly RedisNode[];
      readonly tls: boolean;
      readonly username: string | null;
      readonly password: string | null;
    };

export interface CacheConfig {
  /** The shared Redis cache; null: the bounded in-process cache. */
  readonly redis: RedisTarget | null;
  readonly redisCommandTimeoutMs: number;
  readonly ttlSeconds: number;
  readonly negativeTtlSeconds: number;
  /** How long past its freshness an entry answers for a failing provider. */
  readonly staleSeconds: number;
  readonly maxEntries: number;
  /** The in-process cache's bound in bytes, by its entries' own estimates (CACHE_MAX_BYTES). */
  readonly maxBytes: number;
  readonly refreshMinIntervalSeconds: number;
}

function redisUrl(variable: string, value: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'redis:' && url.protocol !== 'rediss:') || url.hostname === '') {
    // The value may hold a password: it is never echoed.
    throw new ConfigError(variable, 'expected redis://[:password@]host[:port][/db] or rediss://…');
  }
  return url;
}

function redisTarget(env: Env): RedisTarget | null {
  const single = raw(env, 'REDIS_URL');
  const cluster = raw(env, 'REDIS_CLUSTER_NODES');
  if (single !== undefined && cluster !== undefined) {
    throw new ConfigError('REDIS_CLUSTER_NODES', 'set either REDIS_URL or REDIS_CLUSTER_NODES, not both');
  }
  if (single !== undefined) {
    redisUrl('REDIS_URL', single);
    return { mode: 'standalone', url: single };
  }
  if (cluster === undefined) {
    return null;
  }
  const urls = cluster
    .split(',')
    .map((node) => node.trim())
    .filter((node) => node !== '')
    .map((node) => redisUrl('REDIS_CLUSTER_NODES', node.includes('://') ? node : `redis://${node}`));
  const [first] = urls;
  if (first === undefined) {
    throw new ConfigError('REDIS_CLUSTER_NODES', 'expected a comma-separated list of redis://host:port');
  }
  // One cluster has one scheme and one set of credentials; mixed values are a typo waiting to bite.
  if (urls.some((url) => url.protocol !== first.protocol || url.username !== first.username || url.password !== first.password)) {
    throw new ConfigError('REDIS_CLUSTER_NODES', 'every node must use the same scheme and credentials');
  }
  return {
    mode: 'cluster',
    nodes: urls.map((url) => ({ host: url.hostname, port: url.port === '' ? 6379 : Number(url.port) })),
    tls: first.protocol === 'rediss:',
    username: first.username === '' ? null : decodeURIComponent(first.username),
    password: first.password === '' ? null : decodeURIComponent(first.password),
  };
}

export function cacheConfig(env: Env): CacheConfig {
  const ttlSeconds = integer(env, 'CACHE_TTL_SECONDS', 86_400, 1, 30 * 86_400);
  return {
    redis: redisTarget(env),
    redisCommandTimeoutMs: integer(env, 'REDIS_COMMAND_TIMEOUT_MS', 150, 10, 10_000),
    ttlSeconds,
    negativeTtlSeconds: integer(env, 'CACHE_NEGATIVE_TTL_SECONDS', Math.min(900, ttlSeconds), 0, ttlSeconds),
    staleSeconds: integer(env, 'CACHE_STALE_SECONDS', 3_600, 0, 30 * 86_400),
    maxEntries: integer(env, 'CACHE_MAX_ENTRIES', 50_000, 1, 10_000_000),
    // 64 MiB holds the default 50,000 pictures at about 1 KB each; at least 1 MiB, at most 64 GiB.
    maxBytes: integer(env, 'CACHE_MAX_BYTES', 64 * 1024 * 1024, 1024 * 1024, 64 * 1024 ** 3),
    refreshMinIntervalSeconds: integer(env, 'REFRESH_MIN_INTERVAL_SECONDS', 60, 0, 86_400),
  };
}
