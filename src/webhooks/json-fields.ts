import { isObject } from '../providers/answers.js';

/** Narrowing helpers for JSON a provider sent: no field is trusted to have the type it should. */

/** An own property (never one inherited through `__proto__`), or undefined. */
export function member(value: unknown, key: string): unknown {
  return isObject(value) && Object.hasOwn(value, key) ? value[key] : undefined;
}

export function stringMember(value: unknown, key: string): string | undefined {
  const found = member(value, key);
  return typeof found === 'string' ? found : undefined;
}
