import { loadConfig } from '../../src/config/index.js';
import { AppError } from '../../src/errors.js';
import { parseJid } from '../../src/pictures/jid.js';
import type { ProviderPicture } from '../../src/providers/provider.js';
import { createSessionRegistry } from '../../src/sessions.js';

export type FetchPicture = (raw: string, options?: { preview?: boolean; refresh?: boolean }) => Promise<ProviderPicture>;

/**
 * Builds the default session from `env` the way the process does (config, then registry), hands
 * `run` a fetch for it, and releases its connections afterwards.
 */
export async function withProviderSession<T>(env: Record<string, string>, run: (fetch: FetchPicture) => Promise<T>): Promise<T> {
  const config = loadConfig(env);
  const registry = createSessionRegistry(config, { publicUrl: () => 'http://unused', upstream: config.upstream });
  const provider = registry.get('default')?.provider;
  if (provider === undefined) {
    throw new Error('no default session');
  }
  try {
    return await run((raw, options = {}) =>
      provider.fetchPicture({
        jid: parseJid(raw),
        preview: options.preview ?? false,
        refresh: options.refresh ?? false,
        signal: AbortSignal.timeout(2_000),
      }),
    );
  } finally {
    await registry.close();
  }
}

/** The AppError code a call fails with, or "no failure". */
export async function failureCode(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (error) {
    return error instanceof AppError ? error.code : `not an AppError: ${String(error)}`;
  }
  return 'no failure';
}
