import { readFileSync } from 'node:fs';
import type { LogLevel } from './logger.js';

/**
 * The only module that reads the environment. Every variable is read and validated once, at start;
 * a bad value stops the start with one line that names the variable.
 */

export const PROVIDER_KINDS = ['demo', 'waha', 'wawp', 'wasend', 'gowa', 'evolution'] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

export interface SessionConfig {
  /** The name requests use in `x-wa-session`. */
  readonly name: string;
  readonly provider: ProviderKind;
  /** Provider base URL, without a trailing slash (null only for the demo provider). */
  readonly baseUrl: string | null;
  /** The provider's own id of the account: WAHA session, Wawp instance_id, Wasend session, GoWA device, Evolution instance. */
  readonly session: string;
  /** Whether `session` was given; GoWA sends its device header only then. */
  readonly sessionGiven: boolean;
  readonly apiKey: string | null;
  readonly username: string | null;
  readonly password: string | null;
}

// Hosted providers have a public base URL; self-hosted ones must be told where they run.
const DEFAULT_BASE_URLS: Partial<Record<ProviderKind, string>> = {
  wawp: 'https://api.wawp.net',
  wasend: 'https://api.wasend.dev',
};

// Credentials a provider cannot work without. WAHA may run with auth disabled; GoWA's basic auth is optional.
const REQUIRED_API_KEY: ReadonlySet<ProviderKind> = new Set(['wawp', 'wasend', 'evolution']);

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

export interface Config {
  readonly port: number;
  readonly host: string;
  /** Where browsers reach this process, for URLs it hands out (the demo pictures); null: derived from the listening address. */
  readonly publicUrl: string | null;
  readonly sessions: readonly SessionConfig[];
  readonly cache: {
    /** The shared Redis cache; null: the bounded in-process cache. */
    readonly redis: RedisTarget | null;
    readonly redisCommandTimeoutMs: number;
    readonly ttlSeconds: number;
    readonly negativeTtlSeconds: number;
    /** How long past its freshness an entry answers for a failing provider. */
    readonly staleSeconds: number;
    readonly maxEntries: number;
    readonly refreshMinIntervalSeconds: number;
  };
  readonly upstream: {
    readonly concurrency: number;
    readonly timeoutMs: number;
  };
  readonly maxRepresentations: number;
  readonly routerSecret: string | null;
  /** GraphiQL on `GET /graphql` and the gallery on `/demo`; off in production if browsers should see nothing. */
  readonly playground: boolean;
  readonly logLevel: LogLevel;
}

export class ConfigError extends Error {
  constructor(variable: string, problem: string) {
    super(`${variable}: ${problem}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];

function raw(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const value = raw(env, name);
  if (value === undefined) {
    return fallback;
  }
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new ConfigError(name, `expected a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return Number(value);
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const value = raw(env, name)?.toLowerCase();
  if (value === undefined) {
    return fallback;
  }
  if (value === 'true' || value === '1' || value === 'on') {
    return true;
  }
  if (value === 'false' || value === '0' || value === 'off') {
    return false;
  }
  throw new ConfigError(name, `expected true or false, got ${JSON.stringify(value)}`);
}

function publicUrl(env: Env): string | null {
  const value = raw(env, 'PUBLIC_URL');
  return value === undefined ? null : httpUrl('PUBLIC_URL', value);
}

function httpUrl(variable: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(variable, `expected an absolute http(s) URL, got ${JSON.stringify(value)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(variable, `expected an http or https URL, got ${JSON.stringify(value)}`);
  }
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    throw new ConfigError(variable, 'expected a base URL without credentials, query or fragment');
  }
  return value.replace(/\/+$/, '');
}

function providerKind(variable: string, value: string | undefined): ProviderKind {
  const kind = (value ?? 'demo').toLowerCase();
  if (!(PROVIDER_KINDS as readonly string[]).includes(kind)) {
    throw new ConfigError(variable, `unknown provider ${JSON.stringify(kind)}; expected one of ${PROVIDER_KINDS.join(', ')}`);
  }
  return kind as ProviderKind;
}

interface SessionInput {
  provider?: string | undefined;
  baseUrl?: string | undefined;
  session?: string | undefined;
  apiKey?: string | undefined;
  username?: string | undefined;
  password?: string | undefined;
}

/** Validates one session; `where(field)` names the variable or file entry a problem is reported against. */
function sessionConfig(name: string, input: SessionInput, where: (field: keyof SessionInput) => string): SessionConfig {
  const provider = providerKind(where('provider'), input.provider);
  const given = input.baseUrl ?? DEFAULT_BASE_URLS[provider];
  if (provider !== 'demo' && given === undefined) {
    throw new ConfigError(where('baseUrl'), `required for provider ${provider}`);
  }
  if (REQUIRED_API_KEY.has(provider) && input.apiKey === undefined) {
    throw new ConfigError(where('apiKey'), `required for provider ${provider}`);
  }
  if ((input.username === undefined) !== (input.password === undefined)) {
    throw new ConfigError(where(input.username === undefined ? 'username' : 'password'), 'basic auth needs both a username and a password');
  }
  if (input.session !== undefined && !/^[\w.@:-]{1,128}$/.test(input.session)) {
    throw new ConfigError(where('session'), 'expected 1 to 128 letters, digits or . _ - @ :');
  }
  return {
    name,
    provider,
    baseUrl: provider === 'demo' || given === undefined ? null : httpUrl(where('baseUrl'), given),
    session: input.session ?? 'default',
    sessionGiven: input.session !== undefined,
    apiKey: input.apiKey ?? null,
    username: input.username ?? null,
    password: input.password ?? null,
  };
}

const ENV_NAMES: Record<keyof SessionInput, string> = {
  provider: 'WA_PROVIDER',
  baseUrl: 'WA_BASE_URL',
  session: 'WA_SESSION',
  apiKey: 'WA_API_KEY',
  username: 'WA_USERNAME',
  password: 'WA_PASSWORD',
};

function stringField(entry: Record<string, unknown>, field: keyof SessionInput, where: string): string | undefined {
  const value = entry[field];
  if (value === undefined || value === null) {
    return undefined;
  }
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ConfigError(where, 'expected a non-empty string');
  }
  return value.trim();
}

function sessionsFromFile(path: string): SessionConfig[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError('WA_SESSIONS_FILE', `cannot read ${JSON.stringify(path)} as JSON (${(error as Error).message.split('\n')[0]})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || Object.keys(parsed).length === 0) {
    throw new ConfigError('WA_SESSIONS_FILE', 'expected a JSON object of named sessions, { "name": { "provider": … } }');
  }
  return Object.entries(parsed).map(([name, entry]) => {
    const where = (field: string) => `WA_SESSIONS_FILE (session ${JSON.stringify(name)}, ${field})`;
    if (!/^[\w.-]{1,64}$/.test(name)) {
      throw new ConfigError(
        `WA_SESSIONS_FILE (session ${JSON.stringify(name.slice(0, 64))})`,
        'a session name is 1 to 64 letters, digits or . _ -',
      );
    }
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      throw new ConfigError(where('entry'), 'expected an object');
    }
    const record = entry as Record<string, unknown>;
    const unknown = Object.keys(record).filter((field) => !Object.hasOwn(ENV_NAMES, field));
    if (unknown.length > 0) {
      throw new ConfigError(where(unknown[0] as string), `unknown field; expected ${Object.keys(ENV_NAMES).join(', ')}`);
    }
    const input: SessionInput = {};
    for (const field of Object.keys(ENV_NAMES) as Array<keyof SessionInput>) {
      input[field] = stringField(record, field, where(field));
    }
    return sessionConfig(name, input, where);
  });
}

function sessions(env: Env): SessionConfig[] {
  const file = raw(env, 'WA_SESSIONS_FILE');
  if (file !== undefined) {
    return sessionsFromFile(file);
  }
  const input: SessionInput = {};
  for (const [field, variable] of Object.entries(ENV_NAMES) as Array<[keyof SessionInput, string]>) {
    input[field] = raw(env, variable);
  }
  return [sessionConfig('default', input, (field) => ENV_NAMES[field])];
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

function logLevel(env: Env): LogLevel {
  const value = (raw(env, 'LOG_LEVEL') ?? 'info').toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(value)) {
    throw new ConfigError('LOG_LEVEL', `expected one of ${LOG_LEVELS.join(', ')}, got ${JSON.stringify(value)}`);
  }
  return value as LogLevel;
}

export function loadConfig(env: Env = process.env): Config {
  const ttlSeconds = integer(env, 'CACHE_TTL_SECONDS', 86_400, 1, 30 * 86_400);
  return {
    port: integer(env, 'PORT', 4001, 0, 65_535),
    host: raw(env, 'HOST') ?? '0.0.0.0',
    publicUrl: publicUrl(env),
    sessions: sessions(env),
    cache: {
      redis: redisTarget(env),
      redisCommandTimeoutMs: integer(env, 'REDIS_COMMAND_TIMEOUT_MS', 150, 10, 10_000),
      ttlSeconds,
      negativeTtlSeconds: integer(env, 'CACHE_NEGATIVE_TTL_SECONDS', Math.min(900, ttlSeconds), 0, ttlSeconds),
      staleSeconds: integer(env, 'CACHE_STALE_SECONDS', 3_600, 0, 30 * 86_400),
      maxEntries: integer(env, 'CACHE_MAX_ENTRIES', 50_000, 1, 10_000_000),
      refreshMinIntervalSeconds: integer(env, 'REFRESH_MIN_INTERVAL_SECONDS', 60, 0, 86_400),
    },
    upstream: {
      concurrency: integer(env, 'UPSTREAM_CONCURRENCY', 16, 1, 1_000),
      timeoutMs: integer(env, 'UPSTREAM_TIMEOUT_MS', 5_000, 1, 120_000),
    },
    maxRepresentations: integer(env, 'MAX_REPRESENTATIONS', 1_000, 1, 100_000),
    routerSecret: raw(env, 'ROUTER_SECRET') ?? null,
    playground: flag(env, 'PLAYGROUND', true),
    logLevel: logLevel(env),
  };
}
