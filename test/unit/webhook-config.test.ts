import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { configFailure } from '../support/config-failure.js';
import { writeSessionsFile } from '../support/sessions-file.js';

const SECRET = 'a-webhook-secret-of-32-characters';
const WAHA = { WA_PROVIDER: 'waha', WA_BASE_URL: 'http://waha:3000' };

describe('webhook settings', () => {
  it('are off unless set, with a 1 MiB body limit and a 10-minute replay window', () => {
    const config = loadConfig(WAHA);
    expect(config.sessions[0]?.webhook).toBeNull();
    expect(config.webhooks).toEqual({ maxBytes: 1_048_576, replayWindowSeconds: 600 });
    expect(config.routerInvalidation).toBeNull();
  });

  it('read the single session’s WA_WEBHOOK_* variables', () => {
    expect(loadConfig({ ...WAHA, WA_WEBHOOK_SCHEME: 'waha-hmac', WA_WEBHOOK_SECRET: SECRET }).sessions[0]?.webhook).toEqual({
      scheme: 'waha-hmac',
      secret: SECRET,
      header: null,
    });
    expect(
      loadConfig({ ...WAHA, WA_WEBHOOK_SCHEME: 'HEADER-SECRET', WA_WEBHOOK_SECRET: SECRET, WA_WEBHOOK_HEADER: 'X-Our-Secret' }).sessions[0]
        ?.webhook,
    ).toEqual({ scheme: 'header-secret', secret: SECRET, header: 'x-our-secret' });
    expect(loadConfig({ ...WAHA, WA_WEBHOOK_SCHEME: 'header-secret', WA_WEBHOOK_SECRET: SECRET }).sessions[0]?.webhook?.header).toBe(
      'x-webhook-secret',
    );
  });

  it('read a sessions file entry’s "webhook" object', () => {
    const config = loadConfig({
      WA_SESSIONS_FILE: writeSessionsFile({
        crm: {
          provider: 'evolution',
          baseUrl: 'http://evo:8080',
          session: 'crm-main',
          apiKey: 'k',
          webhook: { scheme: 'evolution-jwt', secret: SECRET },
        },
        quiet: { provider: 'waha', baseUrl: 'http://waha:3000' },
      }),
    });
    expect(config.sessions.map((session) => session.webhook)).toEqual([{ scheme: 'evolution-jwt', secret: SECRET, header: null }, null]);
  });

  it.each([
    [
      { ...WAHA, WA_WEBHOOK_SECRET: SECRET },
      'WA_WEBHOOK_SCHEME: required with a webhook secret; expected one of waha-hmac, header-secret, path-secret',
    ],
    [{ ...WAHA, WA_WEBHOOK_SCHEME: 'waha-hmac' }, 'WA_WEBHOOK_SECRET: required for webhook scheme waha-hmac'],
    [
      { ...WAHA, WA_WEBHOOK_SCHEME: 'evolution-jwt', WA_WEBHOOK_SECRET: SECRET },
      'WA_WEBHOOK_SCHEME: expected one of waha-hmac, header-secret, path-secret for provider waha, got "evolution-jwt"',
    ],
    [
      { ...WAHA, WA_WEBHOOK_SCHEME: 'waha-hmac', WA_WEBHOOK_SECRET: 'secret' },
      'WA_WEBHOOK_SECRET: expected 16 to 512 characters (use a random value of 32 or more)',
    ],
    [
      { ...WAHA, WA_WEBHOOK_SCHEME: 'path-secret', WA_WEBHOOK_SECRET: 'has a space in it, so no' },
      'WA_WEBHOOK_SECRET: a path secret may hold only letters, digits and . _ ~ -',
    ],
    [
      { ...WAHA, WA_WEBHOOK_SCHEME: 'waha-hmac', WA_WEBHOOK_SECRET: SECRET, WA_WEBHOOK_HEADER: 'x-secret' },
      'WA_WEBHOOK_HEADER: only the header-secret scheme takes a header',
    ],
    [
      { ...WAHA, WA_WEBHOOK_SCHEME: 'header-secret', WA_WEBHOOK_SECRET: SECRET, WA_WEBHOOK_HEADER: 'bad header' },
      'WA_WEBHOOK_HEADER: expected an HTTP header name, got "bad header"',
    ],
    [
      { WA_PROVIDER: 'gowa', WA_BASE_URL: 'http://gowa:3000', WA_WEBHOOK_SCHEME: 'header-secret', WA_WEBHOOK_SECRET: SECRET },
      'WA_WEBHOOK_SCHEME: no webhook for provider gowa: GoWA sends no picture-change event (its webhook forwards no whatsmeow events.Picture), so there is nothing to receive',
    ],
    [
      { WA_PROVIDER: 'wasend', WA_API_KEY: 'k', WA_WEBHOOK_SCHEME: 'path-secret', WA_WEBHOOK_SECRET: SECRET },
      'WA_WEBHOOK_SCHEME: no webhook for provider wasend: Wasend documents no webhook events, so there is nothing to receive',
    ],
    [{ ...WAHA, WEBHOOK_MAX_BYTES: '10' }, 'WEBHOOK_MAX_BYTES: expected a whole number from 1024 to 67108864, got "10"'],
    [{ ...WAHA, WEBHOOK_REPLAY_WINDOW_SECONDS: '5' }, 'WEBHOOK_REPLAY_WINDOW_SECONDS: expected a whole number from 30 to 86400, got "5"'],
  ])('refuse a bad value with one line naming it: %j', (env, message) => {
    expect(configFailure(env)).toBe(message);
  });

  it('name the sessions file entry and field of a bad webhook, and never echo a secret', () => {
    const file = (webhook: unknown) =>
      writeSessionsFile({ crm: { provider: 'evolution', baseUrl: 'http://evo:8080', apiKey: 'k', webhook } });
    expect(configFailure({ WA_SESSIONS_FILE: file('on') })).toBe(
      'WA_SESSIONS_FILE (session "crm", webhook): expected an object { "scheme": …, "secret": …, "header"?: … }',
    );
    expect(configFailure({ WA_SESSIONS_FILE: file({ scheme: 'evolution-jwt', secret: SECRET, hmac: 'x' }) })).toBe(
      'WA_SESSIONS_FILE (session "crm", webhook.hmac): unknown field; expected scheme, secret, header',
    );
    expect(configFailure({ WA_SESSIONS_FILE: file({ scheme: 'waha-hmac', secret: SECRET }) })).toBe(
      'WA_SESSIONS_FILE (session "crm", webhook.scheme): expected one of evolution-jwt, header-secret, path-secret for provider evolution, got "waha-hmac"',
    );
    const short = configFailure({ WA_SESSIONS_FILE: file({ scheme: 'evolution-jwt', secret: 'fifteen-chars-x' }) });
    expect(short).toBe(
      'WA_SESSIONS_FILE (session "crm", webhook.secret): expected 16 to 512 characters (use a random value of 32 or more)',
    );
    expect(short).not.toContain('fifteen-chars-x');
  });
});

describe('router invalidation settings', () => {
  it('need the endpoint and its shared key together', () => {
    expect(
      loadConfig({ ROUTER_INVALIDATION_URL: 'http://router:4000/invalidation', ROUTER_INVALIDATION_KEY: 'shared' }).routerInvalidation,
    ).toEqual({ url: 'http://router:4000/invalidation', key: 'shared', subgraph: 'pictures', timeoutMs: 2_000 });
    expect(configFailure({ ROUTER_INVALIDATION_URL: 'http://router:4000/invalidation' })).toBe(
      "ROUTER_INVALIDATION_KEY: required with ROUTER_INVALIDATION_URL: the router's invalidation shared_key",
    );
    expect(configFailure({ ROUTER_INVALIDATION_KEY: 'shared' })).toBe(
      'ROUTER_INVALIDATION_URL: required when ROUTER_INVALIDATION_KEY is set',
    );
    expect(configFailure({ ROUTER_INVALIDATION_URL: 'ftp://router/invalidation', ROUTER_INVALIDATION_KEY: 'k' })).toBe(
      'ROUTER_INVALIDATION_URL: expected an http or https URL, got "ftp://router/invalidation"',
    );
    expect(
      configFailure({
        ROUTER_INVALIDATION_URL: 'http://router:4000/i',
        ROUTER_INVALIDATION_KEY: 'k',
        ROUTER_INVALIDATION_SUBGRAPH: 'bad name',
      }),
    ).toBe("ROUTER_INVALIDATION_SUBGRAPH: expected this subgraph's name in the supergraph (letters, digits, _ and -)");
  });
});
