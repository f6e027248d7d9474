import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/index.js';
import { parseHostAllowlist } from '../../src/images/host-allowlist.js';
import { checkImageUrl } from '../../src/images/url-policy.js';

const SECRET = 'x'.repeat(32);

describe('hosting settings', () => {
  it('default to a filesystem store under data/pictures, 30 days, WhatsApp’s CDN', () => {
    const { hosting } = loadConfig({});
    expect(hosting.store).toEqual({ kind: 'filesystem', dir: expect.stringMatching(/\/data\/pictures$/) });
    expect(hosting.retentionMs).toBe(30 * 86_400_000);
    expect(hosting.sourceHosts.entries).toEqual(['pps.whatsapp.net']);
    expect(hosting.urlSecrets).toEqual([]);
  });

  it('take an S3 bucket with its endpoint, credentials and a URL secret', () => {
    const { hosting } = loadConfig({
      PICTURE_STORE_S3_BUCKET: 'pictures',
      PICTURE_STORE_S3_ENDPOINT: 'http://minio:9000/',
      PICTURE_STORE_S3_ACCESS_KEY_ID: 'id',
      PICTURE_STORE_S3_SECRET_ACCESS_KEY: 'secret',
      PICTURE_URL_SECRET: SECRET,
    });
    expect(hosting.store).toEqual({
      kind: 's3',
      endpoint: 'http://minio:9000',
      region: 'us-east-1',
      bucket: 'pictures',
      prefix: '',
      credentials: { accessKeyId: 'id', secretAccessKey: 'secret' },
    });
  });

  it.each([
    [{ PICTURE_STORE: 's3' }, 'PICTURE_STORE_S3_BUCKET'],
    [{ PICTURE_STORE_S3_BUCKET: 'pictures' }, 'PICTURE_URL_SECRET'],
    [{ PICTURE_STORE_S3_BUCKET: 'Not_A_Bucket', PICTURE_URL_SECRET: SECRET }, 'PICTURE_STORE_S3_BUCKET'],
    [
      { PICTURE_STORE_S3_BUCKET: 'pictures', PICTURE_URL_SECRET: SECRET, PICTURE_STORE_S3_ACCESS_KEY_ID: 'id' },
      'PICTURE_STORE_S3_ACCESS_KEY_ID',
    ],
    [{ PICTURE_URL_SECRET: 'too-short' }, 'PICTURE_URL_SECRET'],
    [{ PICTURE_URL_SECRET_PREVIOUS: SECRET }, 'PICTURE_URL_SECRET_PREVIOUS'],
    [{ PICTURE_STORE: 'ftp' }, 'PICTURE_STORE'],
    [{ PICTURE_RETENTION_DAYS: '0' }, 'PICTURE_RETENTION_DAYS'],
    [{ PICTURE_SOURCE_HOSTS: 'pps.whatsapp.net,http://evil' }, 'PICTURE_SOURCE_HOSTS'],
  ])('%j stops the start naming %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`^${variable}:`));
  });

  it('never echoes a secret it refuses', () => {
    expect(() => loadConfig({ PICTURE_URL_SECRET: 'short-secret' })).toThrow(/^(?!.*short-secret)/);
  });
});

describe('the confining host list of hosted pictures’ downloads', () => {
  const only = parseHostAllowlist('pps.whatsapp.net, *.cdn.example, 127.0.0.1:8443');

  it('matches hosts, subdomains and host:port entries exactly', () => {
    expect(only.matches('pps.whatsapp.net', 443)).toBe(true);
    expect(only.matches('PPS.WhatsApp.net', 443)).toBe(true);
    expect(only.matches('eu.cdn.example', 443)).toBe(true);
    expect(only.matches('cdn.example', 443)).toBe(false);
    expect(only.matches('pps.whatsapp.net.evil.test', 443)).toBe(false);
    expect(only.matches('127.0.0.1', 8443)).toBe(true);
    expect(only.matches('127.0.0.1', 8444)).toBe(false);
  });

  it('refuses any other host before any lookup, on the first URL and on redirects', () => {
    expect(() => checkImageUrl('https://evil.test/x.jpg', new Set(), undefined, only)).toThrow(
      /not one this service downloads pictures from/,
    );
    expect(() => checkImageUrl('/x.jpg', new Set(), new URL('https://evil.test/a'), only)).toThrow(/not one this service/);
    expect(() => checkImageUrl('https://user@pps.whatsapp.net.evil.test/x.jpg', new Set(), undefined, only)).toThrow();
    expect(checkImageUrl('https://pps.whatsapp.net/v/x_n.jpg?oe=1', new Set(), undefined, only).url.hostname).toBe('pps.whatsapp.net');
  });
});
