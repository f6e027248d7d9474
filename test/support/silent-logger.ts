import type { Logger } from '../../src/logger.js';

export interface CapturingLogger extends Logger {
  readonly lines: string[];
}

/** A logger that keeps its lines for assertions instead of printing them. */
export function capturingLogger(): CapturingLogger {
  const lines: string[] = [];
  const keep = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    lines.push(JSON.stringify({ level, message, ...fields }));
  };
  return { lines, debug: keep('debug'), info: keep('info'), warn: keep('warn'), error: keep('error') };
}
