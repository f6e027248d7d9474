/** Reading and validating single variables; a bad value stops the start with one line naming it. */

export type Env = Readonly<Record<string, string | undefined>>;

export class ConfigError extends Error {
  constructor(variable: string, problem: string) {
    super(`${variable}: ${problem}`);
    this.name = 'ConfigError';
  }
}

export function raw(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

export function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const value = raw(env, name);
  if (value === undefined) {
    return fallback;
  }
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new ConfigError(name, `expected a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return Number(value);
}

export function flag(env: Env, name: string, fallback: boolean): boolean {
  const value = raw(env, name)?.toLowerCase();
  if (value === undefined) {
    return fallback;
  }
  if (value === 'true' || value === '1' || value === 'on') {
    return true;
  }
  if (value === 'false' || value === '0' || value === 'off') {
    return false;
  }
  throw new ConfigError(name, `expected true or false, got ${JSON.stringify(value)}`);
}

// An HTTP field name (RFC 9110 token), kept short.
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9a-z-]{1,64}$/;

/** A header name, lower-case: Node hands request headers over lower-cased, so that is how they are looked up. */
export function headerName(variable: string, value: string): string {
  const name = value.toLowerCase();
  if (!HEADER_NAME.test(name)) {
    throw new ConfigError(variable, `expected an HTTP header name, got ${JSON.stringify(name.slice(0, 64))}`);
  }
  return name;
}

export function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const value = (raw(env, name) ?? fallback).toLowerCase();
  if (!(allowed as readonly string[]).includes(value)) {
    throw new ConfigError(name, `expected one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
  }
  return value as T;
}

/** A base URL: http(s), no credentials, query or fragment; returned without a trailing slash. */
export function httpUrl(variable: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(variable, `expected an absolute http(s) URL, got ${JSON.stringify(value)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(variable, `expected an http or https URL, got ${JSON.stringify(value)}`);
  }
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    throw new ConfigError(variable, 'expected a base URL without credentials, query or fragment');
  }
  return value.replace(/\/+$/, '');
}
