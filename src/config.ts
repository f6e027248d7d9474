import type { LogLevel } from './logger.js';

/**
 * The only module that reads the environment. Every variable is read and validated once, at start;
 * a bad value stops the start with one line that names the variable.
 */

export type ProviderKind = 'demo';

export interface SessionConfig {
  /** The name requests use in `x-wa-session`. */
  readonly name: string;
  readonly provider: ProviderKind;
}

export interface Config {
  readonly port: number;
  readonly host: string;
  /** Where browsers reach this process, for URLs it hands out (the demo pictures); null: derived from the listening address. */
  readonly publicUrl: string | null;
  readonly sessions: readonly SessionConfig[];
  readonly cache: {
    readonly ttlSeconds: number;
    readonly negativeTtlSeconds: number;
    readonly maxEntries: number;
  };
  readonly upstream: {
    readonly concurrency: number;
    readonly timeoutMs: number;
  };
  readonly maxRepresentations: number;
  readonly routerSecret: string | null;
  readonly logLevel: LogLevel;
}

export class ConfigError extends Error {
  constructor(variable: string, problem: string) {
    super(`${variable}: ${problem}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

const PROVIDERS_COMING = ['waha', 'wawp', 'wasend', 'gowa', 'evolution'];
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

function publicUrl(env: Env): string | null {
  const value = raw(env, 'PUBLIC_URL');
  if (value === undefined) {
    return null;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError('PUBLIC_URL', `expected an absolute http(s) URL, got ${JSON.stringify(value)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError('PUBLIC_URL', `expected an http or https URL, got ${JSON.stringify(value)}`);
  }
  return value.replace(/\/+$/, '');
}

function provider(env: Env): ProviderKind {
  const value = (raw(env, 'WA_PROVIDER') ?? 'demo').toLowerCase();
  if (value === 'demo') {
    return value;
  }
  if (PROVIDERS_COMING.includes(value)) {
    throw new ConfigError('WA_PROVIDER', `"${value}" is not available in this version yet; use "demo"`);
  }
  throw new ConfigError('WA_PROVIDER', `unknown provider ${JSON.stringify(value)}; expected demo`);
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
    sessions: [{ name: 'default', provider: provider(env) }],
    cache: {
      ttlSeconds,
      negativeTtlSeconds: integer(env, 'CACHE_NEGATIVE_TTL_SECONDS', Math.min(900, ttlSeconds), 0, ttlSeconds),
      maxEntries: integer(env, 'CACHE_MAX_ENTRIES', 50_000, 1, 10_000_000),
    },
    upstream: {
      concurrency: integer(env, 'UPSTREAM_CONCURRENCY', 16, 1, 1_000),
      timeoutMs: integer(env, 'UPSTREAM_TIMEOUT_MS', 5_000, 1, 120_000),
    },
    maxRepresentations: integer(env, 'MAX_REPRESENTATIONS', 1_000, 1, 100_000),
    routerSecret: raw(env, 'ROUTER_SECRET') ?? null,
    logLevel: logLevel(env),
  };
}
