import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { configFailure } from '../support/config-failure.js';
import { ANY_VERIFIED_CALLER } from '../../src/config/session-access.js';

describe('loadConfig', () => {
  it('runs on embedded defaults: the demo provider and the in-process cache', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 4001,
      host: '0.0.0.0',
      publicUrl: null,
      sessions: [{ name: 'default', provider: 'demo' }],
      cache: {
        redis: null,
        ttlSeconds: 86_400,
        negativeTtlSeconds: 900,
        staleSeconds: 3_600,
        maxEntries: 50_000,
        maxBytes: 64 * 1024 * 1024,
        refreshMinIntervalSeconds: 60,
      },
      upstream: { concurrency: 16, timeoutMs: 5_000 },
      maxRepresentations: 1_000,
      routerSecret: null,
      playground: true,
    });
  });

  it('gives the provider gate sane defaults and reads each of its settings', () => {
    expect(loadConfig({}).upstream).toEqual({
      concurrency: 16,
      timeoutMs: 5_000,
      breaker: { failureRatePercent: 50, minCalls: 10, windowMs: 30_000, openMs: 15_000, halfOpenProbes: 2 },
      retryBudgetPercent: 20,
      rateLimitPauseMs: 5_000,
      maxPauseMs: 300_000,
    });
    expect(
      loadConfig({
        UPSTREAM_BREAKER_FAILURE_PERCENT: '80',
        UPSTREAM_BREAKER_MIN_CALLS: '25',
        UPSTREAM_BREAKER_WINDOW_SECONDS: '60',
        UPSTREAM_BREAKER_OPEN_SECONDS: '5',
        UPSTREAM_BREAKER_HALF_OPEN_PROBES: '1',
        UPSTREAM_RETRY_BUDGET_PERCENT: '0',
        UPSTREAM_RATE_LIMIT_PAUSE_SECONDS: '0',
        UPSTREAM_MAX_PAUSE_SECONDS: '60',
      }).upstream,
    ).toMatchObject({
      breaker: { failureRatePercent: 80, minCalls: 25, windowMs: 60_000, openMs: 5_000, halfOpenProbes: 1 },
      retryBudgetPercent: 0,
      rateLimitPauseMs: 0,
      maxPauseMs: 60_000,
    });
  });

  it.each([
    [{ UPSTREAM_BREAKER_FAILURE_PERCENT: '0' }, 'UPSTREAM_BREAKER_FAILURE_PERCENT'],
    [{ UPSTREAM_BREAKER_FAILURE_PERCENT: '101' }, 'UPSTREAM_BREAKER_FAILURE_PERCENT'],
    [{ UPSTREAM_BREAKER_MIN_CALLS: '0' }, 'UPSTREAM_BREAKER_MIN_CALLS'],
    [{ UPSTREAM_BREAKER_WINDOW_SECONDS: '0.5' }, 'UPSTREAM_BREAKER_WINDOW_SECONDS'],
    [{ UPSTREAM_BREAKER_OPEN_SECONDS: 'soon' }, 'UPSTREAM_BREAKER_OPEN_SECONDS'],
    [{ UPSTREAM_BREAKER_HALF_OPEN_PROBES: '0' }, 'UPSTREAM_BREAKER_HALF_OPEN_PROBES'],
    [{ UPSTREAM_RETRY_BUDGET_PERCENT: '150' }, 'UPSTREAM_RETRY_BUDGET_PERCENT'],
    [{ UPSTREAM_RATE_LIMIT_PAUSE_SECONDS: '-1' }, 'UPSTREAM_RATE_LIMIT_PAUSE_SECONDS'],
    [{ UPSTREAM_MAX_PAUSE_SECONDS: '0' }, 'UPSTREAM_MAX_PAUSE_SECONDS'],
  ])('stops on a bad provider gate setting %j with one line naming %s', (env, variable) => {
    const message = configFailure(env);
    expect(message.startsWith(`${variable}: `)).toBe(true);
    expect(message).not.toContain('\n');
  });

  it('has request limits and server timeouts that let routers through, each validated with a line naming it', () => {
    expect(loadConfig({}).limits).toEqual({
      maxDocumentLength: 65_536,
      maxTokens: 5_000,
      maxDepth: 15,
      maxAliases: 30,
      maxDirectives: 50,
      maxFragmentDepth: 10,
      maxResponseBytes: 8 * 1024 * 1024,
    });
    expect(loadConfig({}).http).toEqual({ headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 65_000 });
    expect(loadConfig({ GRAPHQL_MAX_DEPTH: '20', RESPONSE_MAX_BYTES: '1048576' }).limits).toMatchObject({
      maxDepth: 20,
      maxResponseBytes: 1_048_576,
    });
    for (const variable of [
      'GRAPHQL_MAX_DOCUMENT_LENGTH',
      'GRAPHQL_MAX_TOKENS',
      'GRAPHQL_MAX_DEPTH',
      'GRAPHQL_MAX_ALIASES',
      'GRAPHQL_MAX_DIRECTIVES',
      'GRAPHQL_MAX_FRAGMENT_DEPTH',
      'RESPONSE_MAX_BYTES',
      'HTTP_HEADERS_TIMEOUT_MS',
      'HTTP_REQUEST_TIMEOUT_MS',
      'HTTP_KEEP_ALIVE_TIMEOUT_MS',
    ]) {
      expect(configFailure({ [variable]: '-1' })).toMatch(new RegExp(`^${variable}: expected a whole number`));
    }
    expect(configFailure({ GRAPHQL_MAX_TOKENS: '1000000' })).toMatch(/^GRAPHQL_MAX_TOKENS: expected a whole number from 100 to 20000/);
    expect(configFailure({ HTTP_HEADERS_TIMEOUT_MS: '20000', HTTP_REQUEST_TIMEOUT_MS: '10000' })).toBe(
      'HTTP_HEADERS_TIMEOUT_MS: must not exceed HTTP_REQUEST_TIMEOUT_MS (10000)',
    );
  });

  it('turns the browser pages off behind ROUTER_SECRET unless PLAYGROUND says otherwise', () => {
    expect(loadConfig({ ROUTER_SECRET: 's' }).playground).toBe(false);
    expect(loadConfig({ ROUTER_SECRET: 's', PLAYGROUND: 'true' }).playground).toBe(true);
    expect(loadConfig({ PLAYGROUND: 'false' }).playground).toBe(false);
  });

  it('bounds the in-process cache in bytes as CACHE_MAX_BYTES says, from 1 MiB', () => {
    expect(loadConfig({ CACHE_MAX_BYTES: '8388608' }).cache.maxBytes).toBe(8 * 1024 * 1024);
    expect(configFailure({ CACHE_MAX_BYTES: '1000' })).toMatch(/^CACHE_MAX_BYTES: expected a whole number from 1048576 to/);
  });

  it('reads PLAYGROUND as a boolean and refuses anything else', () => {
    expect(loadConfig({ PLAYGROUND: 'false' }).playground).toBe(false);
    expect(loadConfig({ PLAYGROUND: 'OFF' }).playground).toBe(false);
    expect(loadConfig({ PLAYGROUND: '1' }).playground).toBe(true);
    expect(configFailure({ PLAYGROUND: 'maybe' })).toBe('PLAYGROUND: expected true or false, got "maybe"');
  });

  it('takes redis:// and rediss:// URLs and never echoes a bad one, which may hold a password', () => {
    expect(loadConfig({ REDIS_URL: 'rediss://:pw@cache.internal:6380/2' }).cache).toMatchObject({
      redis: { mode: 'standalone', url: 'rediss://:pw@cache.internal:6380/2' },
      redisCommandTimeoutMs: 150,
    });
    expect(configFailure({ REDIS_URL: 'http://:hunter2@cache' })).not.toContain('hunter2');
  });

  it('takes a Redis Cluster as a list of its nodes, bare or as URLs sharing one scheme and password', () => {
    expect(loadConfig({ REDIS_CLUSTER_NODES: '10.0.0.1:7000, 10.0.0.2' }).cache.redis).toEqual({
      mode: 'cluster',
      nodes: [
        { host: '10.0.0.1', port: 7000 },
        { host: '10.0.0.2', port: 6379 },
      ],
      tls: false,
      username: null,
      password: null,
    });
    expect(loadConfig({ REDIS_CLUSTER_NODES: 'rediss://app:p%40ss@a:7000,rediss://app:p%40ss@b:7001' }).cache.redis).toMatchObject({
      tls: true,
      username: 'app',
      password: 'p@ss',
    });
    expect(configFailure({ REDIS_CLUSTER_NODES: 'redis://:hunter2@a:7000,rediss://:hunter2@b:7001' })).toBe(
      'REDIS_CLUSTER_NODES: every node must use the same scheme and credentials',
    );
    expect(configFailure({ REDIS_CLUSTER_NODES: 'a:7000', REDIS_URL: 'redis://b' })).toBe(
      'REDIS_CLUSTER_NODES: set either REDIS_URL or REDIS_CLUSTER_NODES, not both',
    );
    expect(configFailure({ REDIS_CLUSTER_NODES: ' , ' })).toMatch(/^REDIS_CLUSTER_NODES: /);
  });

  it('reads the variables it knows', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '127.0.0.1',
      PUBLIC_URL: 'https://pictures.example.com/',
      WA_PROVIDER: 'DEMO',
      CACHE_TTL_SECONDS: '600',
      MAX_REPRESENTATIONS: '50',
      UPSTREAM_CONCURRENCY: '4',
      UPSTREAM_TIMEOUT_MS: '250',
      ROUTER_SECRET: 's3cret',
    });
    expect(config).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      publicUrl: 'https://pictures.example.com',
      cache: { ttlSeconds: 600, negativeTtlSeconds: 600 },
      upstream: { concurrency: 4, timeoutMs: 250 },
      maxRepresentations: 50,
      routerSecret: 's3cret',
    });
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ CACHE_TTL_SECONDS: '0' }, 'CACHE_TTL_SECONDS'],
    [{ CACHE_TTL_SECONDS: '-5' }, 'CACHE_TTL_SECONDS'],
    [{ MAX_REPRESENTATIONS: '1.5' }, 'MAX_REPRESENTATIONS'],
    [{ UPSTREAM_CONCURRENCY: '0' }, 'UPSTREAM_CONCURRENCY'],
    [{ UPSTREAM_TIMEOUT_MS: 'soon' }, 'UPSTREAM_TIMEOUT_MS'],
    [{ PUBLIC_URL: 'ftp://x' }, 'PUBLIC_URL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ REDIS_URL: 'http://cache:6379' }, 'REDIS_URL'],
    [{ REDIS_URL: 'not a url' }, 'REDIS_URL'],
    [{ REDIS_COMMAND_TIMEOUT_MS: '0' }, 'REDIS_COMMAND_TIMEOUT_MS'],
    [{ REFRESH_MIN_INTERVAL_SECONDS: 'often' }, 'REFRESH_MIN_INTERVAL_SECONDS'],
    [{ CACHE_MAX_BYTES: '1000' }, 'CACHE_MAX_BYTES'],
    [{ CACHE_MAX_BYTES: '64MiB' }, 'CACHE_MAX_BYTES'],
    [{ WA_PROVIDER: 'telegram' }, 'WA_PROVIDER'],
  ])('stops on %j with one line naming %s', (env, variable) => {
    const message = configFailure(env);
    expect(message.startsWith(`${variable}: `)).toBe(true);
    expect(message).not.toContain('\n');
  });

  it.each([
    [{ WA_PROVIDER: 'waha' }, 'WA_BASE_URL: required for provider waha'],
    [{ WA_PROVIDER: 'gowa' }, 'WA_BASE_URL: required for provider gowa'],
    [{ WA_PROVIDER: 'evolution', WA_BASE_URL: 'http://evo:8080' }, 'WA_API_KEY: required for provider evolution'],
    [{ WA_PROVIDER: 'wawp' }, 'WA_API_KEY: required for provider wawp'],
    [{ WA_PROVIDER: 'wasend' }, 'WA_API_KEY: required for provider wasend'],
    [
      { WA_PROVIDER: 'gowa', WA_BASE_URL: 'http://gowa:3000', WA_USERNAME: 'admin' },
      'WA_PASSWORD: basic auth needs both a username and a password',
    ],
    [
      { WA_PROVIDER: 'waha', WA_BASE_URL: 'http://user:pw@waha:3000' },
      'WA_BASE_URL: expected a base URL without credentials, query or fragment',
    ],
    [
      { WA_PROVIDER: 'waha', WA_BASE_URL: 'http://waha:3000', WA_SESSION: 'a/b' },
      'WA_SESSION: expected 1 to 128 letters, digits or . _ - @ :',
    ],
  ])('names the missing or bad value of a provider session: %j', (env, message) => {
    expect(configFailure(env)).toBe(message);
  });

  it("reads one session per provider from the variables, with the hosted providers' public base URLs", () => {
    expect(loadConfig({ WA_PROVIDER: 'wawp', WA_API_KEY: 'token', WA_SESSION: 'INST1' }).sessions).toEqual([
      {
        name: 'default',
        provider: 'wawp',
        baseUrl: 'https://api.wawp.net',
        session: 'INST1',
        sessionGiven: true,
        apiKey: 'token',
        username: null,
        password: null,
        // Under AUTH_MODE=jwt every verified caller may read it and, with the write scope, write it.
        access: ANY_VERIFIED_CALLER,
        webhook: null,
      },
    ]);
    expect(loadConfig({ WA_PROVIDER: 'wasend', WA_API_KEY: 'key' }).sessions[0]).toMatchObject({
      baseUrl: 'https://api.wasend.dev',
      session: 'default',
      sessionGiven: false,
    });
    expect(
      loadConfig({ WA_PROVIDER: 'gowa', WA_BASE_URL: 'http://gowa:3000/base/', WA_USERNAME: 'u', WA_PASSWORD: 'p' }).sessions[0],
    ).toMatchObject({
      baseUrl: 'http://gowa:3000/base',
      username: 'u',
      password: 'p',
    });
  });
});
