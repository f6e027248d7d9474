import { ConfigError } from './env.js';

/**
 * Reading the sessions file's nested objects: a session entry, its `access` and its `webhook`.
 * Each is an object that takes only its own fields, so a typo stops the start instead of being
 * silently ignored.
 */

/** `value` as an object whose keys are all among `fields`; `at` names it, `where(key)` one of its keys. */
export function fileObject(
  value: unknown,
  fields: readonly string[],
  at: string,
  shape: string,
  where: (key: string) => string,
): Readonly<Record<string, unknown>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError(at, `expected ${shape}`);
  }
  const unknown = Object.keys(value).find((key) => !fields.includes(key));
  if (unknown !== undefined) {
    throw new ConfigError(where(unknown), `unknown field; expected ${fields.join(', ')}`);
  }
  return value as Record<string, unknown>;
}

/** A text field, trimmed; absent (or null) is undefined, anything but a non-empty string is refused. */
export function fileString(record: Readonly<Record<string, unknown>>, field: string, where: string): string | undefined {
  const value = record[field];
  if (value === undefined || value === null) {
    return undefined;
  }
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ConfigError(where, 'expected a non-empty string');
  }
  return value.trim();
}
