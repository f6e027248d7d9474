import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

function failure(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      return error.message;
    }
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('runs on embedded defaults: the demo provider and the in-process cache', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 4001,
      host: '0.0.0.0',
      publicUrl: null,
      sessions: [{ name: 'default', provider: 'demo' }],
      cache: { ttlSeconds: 86_400, negativeTtlSeconds: 900 },
      upstream: { concurrency: 16, timeoutMs: 5_000 },
      maxRepresentations: 1_000,
      routerSecret: null,
    });
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
    [{ WA_PROVIDER: 'telegram' }, 'WA_PROVIDER'],
  ])('stops on %j with one line naming %s', (env, variable) => {
    const message = failure(env);
    expect(message.startsWith(`${variable}: `)).toBe(true);
    expect(message).not.toContain('\n');
  });

  it.each(['waha', 'wawp', 'wasend', 'gowa', 'evolution'])('refuses WA_PROVIDER=%s clearly until its adapter exists', (name) => {
    expect(failure({ WA_PROVIDER: name })).toBe(`WA_PROVIDER: "${name}" is not available in this version yet; use "demo"`);
  });
});
