import { loadConfig } from '../../src/config/index.js';
import { AppError, Refusal, type RefusalCode } from '../../src/errors.js';
import { parseJid } from '../../src/pictures/jid.js';
import type { GroupPictureImage, GroupPictureWritten, Provider, ProviderPicture } from '../../src/providers/provider.js';
import { createSessionRegistry } from '../../src/sessions.js';

export type FetchPicture = (raw: string, options?: { preview?: boolean; refresh?: boolean }) => Promise<ProviderPicture>;

/** The default session's provider with test-friendly call shapes: JIDs as strings, a 2 s deadline per call. */
export interface ProviderSession {
  readonly provider: Provider;
  readonly fetch: FetchPicture;
  set(group: string, image: GroupPictureImage): Promise<GroupPictureWritten>;
  delete(group: string): Promise<GroupPictureWritten>;
}

/**
 * Builds the default session from `env` the way the process does (config, then registry) and
 * opens it; `close` releases its connections.
 */
export function openProvider(env: Record<string, string>): ProviderSession & { close(): Promise<void> } {
  const config = loadConfig(env);
  const registry = createSessionRegistry(config, { publicUrl: () => 'http://unused', upstream: config.upstream });
  const provider = registry.get('default')?.provider;
  if (provider === undefined) {
    throw new Error('no default session');
  }
  return {
    provider,
    fetch: (raw, options = {}) =>
      provider.fetchPicture({
        jid: parseJid(raw),
        preview: options.preview ?? false,
        refresh: options.refresh ?? false,
        signal: AbortSignal.timeout(2_000),
      }),
    set: (group, image) => provider.setGroupPicture({ jid: parseJid(group), image, signal: AbortSignal.timeout(2_000) }),
    delete: (group) => provider.deleteGroupPicture({ jid: parseJid(group), signal: AbortSignal.timeout(2_000) }),
    close: () => registry.close(),
  };
}

/** Opens the default session for `run` and releases its connections afterwards. */
export async function withProvider<T>(env: Record<string, string>, run: (session: ProviderSession) => Promise<T>): Promise<T> {
  const session = openProvider(env);
  try {
    return await run(session);
  } finally {
    await session.close();
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

/** How a write ended, with everything a caller could see of it. */
export type WriteOutcome =
  | { readonly kind: 'written'; readonly pictureId: string | null }
  | {
      readonly kind: 'refused';
      readonly code: RefusalCode;
      readonly message: string;
      readonly field: readonly string[] | null;
      readonly retryAt: Date | null;
    }
  | { readonly kind: 'failed'; readonly code: string; readonly message: string };

export async function writeOutcome(call: Promise<GroupPictureWritten>): Promise<WriteOutcome> {
  try {
    return { kind: 'written', pictureId: (await call).pictureId };
  } catch (error) {
    if (error instanceof Refusal) {
      return { kind: 'refused', code: error.code, message: error.message, field: error.field, retryAt: error.retryAt };
    }
    if (error instanceof AppError) {
      return { kind: 'failed', code: error.code, message: error.message };
    }
    throw error;
  }
}

/** The Refusal code a write fails with, the AppError code prefixed with "AppError ", or "written". */
export async function writeCode(call: Promise<GroupPictureWritten>): Promise<string> {
  const outcome = await writeOutcome(call);
  return outcome.kind === 'written' ? 'written' : outcome.kind === 'refused' ? outcome.code : `AppError ${outcome.code}`;
}
