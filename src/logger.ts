import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';
import { REDACT_PATHS, REDACTED, scrubCredentials } from './observability/redaction.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  /** A logger whose every line also carries `bindings` (a request id); loggers without it are wrapped by `withFields`. */
  child?(bindings: Record<string, unknown>): Logger;
}

/** Errors become name, code and message: upstream bodies never reach a log line, nor URL credentials. */
function serialise(value: unknown): unknown {
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return { name: value.name, message: scrubCredentials(value.message), ...(code === undefined ? {} : { code }) };
  }
  return typeof value === 'string' ? scrubCredentials(value) : value;
}

function serialiseAll(fields: Record<string, unknown>): Record<string, unknown> {
  const entry: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    entry[key] = serialise(value);
  }
  return entry;
}

function wrap(logger: PinoLogger): Logger {
  const at =
    (level: Exclude<LogLevel, 'silent'>) =>
    (message: string, fields?: Record<string, unknown>): void => {
      if (!logger.isLevelEnabled(level)) {
        return;
      }
      if (fields === undefined) {
        logger[level](message);
      } else {
        logger[level](serialiseAll(fields), message);
      }
    };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (bindings) => wrap(logger.child(serialiseAll(bindings))),
  };
}

/**
 * One JSON object per line on stderr, the format log shippers expect, written by pino with the
 * field names this service always had (`time` as ISO 8601, `level` as a word, `message`).
 * Credentials are redacted by configuration (`REDACT_PATHS`, and URL credentials in any string
 * field), not by each call site.
 */
export function createLogger(level: LogLevel, write?: (line: string) => void): Logger {
  // Synchronous like process.stderr.write was: nothing is lost when the process exits right after.
  const destination: DestinationStream = write === undefined ? pino.destination({ fd: 2, sync: true }) : { write };
  return wrap(
    pino(
      {
        level,
        base: null,
        messageKey: 'message',
        timestamp: pino.stdTimeFunctions.isoTime,
        formatters: { level: (label) => ({ level: label }) },
        redact: { paths: [...REDACT_PATHS], censor: REDACTED },
      },
      destination,
    ),
  );
}

/** `logger` with `bindings` on every line: its own child logger where it has one. */
export function withFields(logger: Logger, bindings: Record<string, unknown>): Logger {
  if (logger.child !== undefined) {
    return logger.child(bindings);
  }
  const at =
    (level: Exclude<LogLevel, 'silent'>) =>
    (message: string, fields?: Record<string, unknown>): void =>
      logger[level](message, { ...bindings, ...fields });
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
