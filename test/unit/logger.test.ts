import { describe, expect, it } from 'vitest';
import { createLogger, withFields, type LogLevel } from '../../src/logger.js';
import { requestLogger } from '../../src/observability/request-logger.js';
import { capturingLogger } from '../support/silent-logger.js';

function captured(level: LogLevel = 'debug') {
  const lines: string[] = [];
  const logger = createLogger(level, (line) => lines.push(line));
  return { logger, entries: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>), text: () => lines.join('') };
}

describe('createLogger (pino)', () => {
  it('writes one JSON object per line with the field names the service always had', () => {
    const { logger, entries, text } = captured();
    logger.info('picture subgraph listening', { url: 'http://localhost:4001/graphql', sessions: ['default'] });
    expect(text().endsWith('\n')).toBe(true);
    const [entry] = entries();
    expect(entry).toEqual({
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      level: 'info',
      message: 'picture subgraph listening',
      url: 'http://localhost:4001/graphql',
      sessions: ['default'],
    });
  });

  it('drops lines below its level, and writes nothing when silent', () => {
    const warn = captured('warn');
    warn.logger.debug('no');
    warn.logger.info('no');
    warn.logger.warn('yes');
    warn.logger.error('yes');
    expect(warn.entries().map((entry) => entry.level)).toEqual(['warn', 'error']);
    const silent = captured('silent');
    silent.logger.error('no');
    expect(silent.entries()).toEqual([]);
  });

  it('writes an error as name, code and message only: no stack, no cause, no body', () => {
    const { logger, entries } = captured();
    const error = Object.assign(new TypeError('boom', { cause: new Error('upstream body') }), { code: 'E_BOOM', body: 'secret body' });
    logger.error('failed', { error });
    expect(entries()[0]?.error).toEqual({ name: 'TypeError', message: 'boom', code: 'E_BOOM' });
  });

  it('redacts credentials by configuration: header and option fields, URL query credentials, URL passwords', () => {
    const { logger, text } = captured();
    logger.warn('provider call failed', {
      headers: { authorization: 'Bearer eyJ.secret-jwt', 'router-authorization': 'router-secret', 'x-api-key': 'waha-key' },
      options: { apiKey: 'evolution-key', password: 'gowa-password' },
      access_token: 'wawp-token-top',
      url: 'https://api.wawp.net/v2/contacts/1/picture?instance_id=abc&access_token=wawp-token-query',
      target: 'redis://:redis-password@cache:6379/0',
      error: new Error('GET https://api.wawp.net/v2/x?access_token=wawp-token-error failed'),
    });
    const line = text();
    for (const secret of [
      'eyJ.secret-jwt',
      'router-secret',
      'waha-key',
      'evolution-key',
      'gowa-password',
      'wawp-token-top',
      'wawp-token-query',
      'redis-password',
      'wawp-token-error',
    ]) {
      expect(line).not.toContain(secret);
    }
    expect(line).toContain('instance_id=abc');
    expect(line).toContain('[redacted]');
  });

  it('gives child loggers their bindings on every line', () => {
    const { logger, entries } = captured();
    withFields(logger, { requestId: 'r-1' }).warn('first', { count: 2 });
    requestLogger(logger, 'r-2').info('second');
    expect(entries().map((entry) => [entry.message, entry.requestId])).toEqual([
      ['first', 'r-1'],
      ['second', 'r-2'],
    ]);
  });
});

describe('withFields on a logger without child loggers', () => {
  it('adds the fields to each line', () => {
    const logger = capturingLogger();
    withFields(logger, { requestId: 'r-3' }).error('x', { a: 1 });
    expect(JSON.parse(logger.lines[0] ?? '{}')).toEqual({ level: 'error', message: 'x', requestId: 'r-3', a: 1 });
  });
});
