import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/index.js';

function sessionsFile(content: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'sessions-')), 'sessions.json');
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

function failure(path: string): string {
  try {
    loadConfig({ WA_SESSIONS_FILE: path });
  } catch (error) {
    if (error instanceof ConfigError) {
      return error.message;
    }
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('WA_SESSIONS_FILE', () => {
  it('replaces the single-session variables with named sessions on several providers', () => {
    const path = sessionsFile({
      default: { provider: 'waha', baseUrl: 'http://waha:3000', session: 'default', apiKey: 'k1' },
      sales: { provider: 'gowa', baseUrl: 'http://gowa:3000', session: 'device-a', username: 'admin', password: 'pw' },
    });
    const config = loadConfig({ WA_SESSIONS_FILE: path, WA_PROVIDER: 'evolution' });
    expect(config.sessions.map(({ name, provider, session }) => ({ name, provider, session }))).toEqual([
      { name: 'default', provider: 'waha', session: 'default' },
      { name: 'sales', provider: 'gowa', session: 'device-a' },
    ]);
  });

  it.each([
    ['{ not json', /^WA_SESSIONS_FILE: cannot read ".*" as JSON/],
    [[], /^WA_SESSIONS_FILE: expected a JSON object of named sessions/],
    [{}, /^WA_SESSIONS_FILE: expected a JSON object of named sessions/],
    [{ 'bad name!': { provider: 'demo' } }, /^WA_SESSIONS_FILE \(session "bad name!"\): a session name is/],
    [{ a: 'waha' }, /^WA_SESSIONS_FILE \(session "a", entry\): expected an object$/],
    [{ a: { provider: 'waha' } }, /^WA_SESSIONS_FILE \(session "a", baseUrl\): required for provider waha$/],
    [
      { a: { provider: 'evolution', baseUrl: 'http://evo' } },
      /^WA_SESSIONS_FILE \(session "a", apiKey\): required for provider evolution$/,
    ],
    [
      { a: { provider: 'waha', baseUrl: 'http://waha', apiKey: 3 } },
      /^WA_SESSIONS_FILE \(session "a", apiKey\): expected a non-empty string$/,
    ],
    [{ a: { provider: 'waha', baseUrl: 'http://waha', token: 'x' } }, /^WA_SESSIONS_FILE \(session "a", token\): unknown field/],
    [{ a: { provider: 'telegram' } }, /^WA_SESSIONS_FILE \(session "a", provider\): unknown provider "telegram"/],
  ])('names the problem in %j', (content, message) => {
    expect(failure(sessionsFile(content))).toMatch(message);
  });

  it('names a file that does not exist', () => {
    expect(failure('/nonexistent/sessions.json')).toMatch(/^WA_SESSIONS_FILE: cannot read "\/nonexistent\/sessions.json" as JSON/);
  });

  it('never puts a credential in its messages', () => {
    const message = failure(sessionsFile({ a: { provider: 'gowa', baseUrl: 'http://gowa', username: 'admin-user-secret' } }));
    expect(message).not.toContain('admin-user-secret');
  });
});
