import { ConfigError, loadConfig } from '../../src/config/index.js';
import type { Env } from '../../src/config/env.js';

/** The message of the ConfigError `env` stops the start with; fails the test if it starts, or fails otherwise. */
export function configFailure(env: Env): string {
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
