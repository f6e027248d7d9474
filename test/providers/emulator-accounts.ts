import type { startEvolutionEmulator } from '../emulators/evolution.js';
import type { startGowaEmulator } from '../emulators/gowa.js';
import type { startWahaEmulator } from '../emulators/waha.js';
import type { startWasendEmulator } from '../emulators/wasend.js';
import type { startWawpEmulator } from '../emulators/wawp.js';
import { withProvider, type ProviderSession } from '../support/provider-session.js';
import type { RunningEmulator } from './provider-contract.js';

export type Waha = Awaited<ReturnType<typeof startWahaEmulator>>;
export type Wawp = Awaited<ReturnType<typeof startWawpEmulator>>;
export type Wasend = Awaited<ReturnType<typeof startWasendEmulator>>;
export type Gowa = Awaited<ReturnType<typeof startGowaEmulator>>;
export type Evolution = Awaited<ReturnType<typeof startEvolutionEmulator>>;

type Env = Record<string, string>;

/** How the read and the write contract reach one provider's emulator: the same account for both. */
export interface EmulatorAccount<E extends RunningEmulator> {
  /** The session variables for this emulator; `wrongCredential` swaps the secret for a wrong one. */
  env(emulator: E, options?: { wrongCredential?: boolean }): Env;
  /** Secrets that must never appear in an answer, an error or a log line. */
  secrets(emulator: E): string[];
}

export function wahaEnv(waha: Waha, overrides: Env = {}): Env {
  return { WA_PROVIDER: 'waha', WA_BASE_URL: waha.emulator.url, WA_API_KEY: waha.apiKey ?? '', WA_SESSION: 'default', ...overrides };
}

export function wawpEnv(wawp: Wawp, overrides: Env = {}): Env {
  return { WA_PROVIDER: 'wawp', WA_BASE_URL: wawp.emulator.url, WA_API_KEY: wawp.accessToken, WA_SESSION: wawp.instanceId, ...overrides };
}

export function wasendEnv(wasend: Wasend, overrides: Env = {}): Env {
  return { WA_PROVIDER: 'wasend', WA_BASE_URL: wasend.emulator.url, WA_API_KEY: wasend.apiKey, WA_SESSION: 'sess_01HZX', ...overrides };
}

export function gowaEnv(gowa: Gowa, overrides: Env = {}): Env {
  return {
    WA_PROVIDER: 'gowa',
    WA_BASE_URL: gowa.emulator.url,
    WA_USERNAME: gowa.basicAuth?.username ?? '',
    WA_PASSWORD: gowa.basicAuth?.password ?? '',
    WA_SESSION: 'device-a',
    ...overrides,
  };
}

/** The credentials of GoWA's basic auth as they travel in the Authorization header. */
export function gowaBasic(gowa: Gowa): string {
  return Buffer.from(`${gowa.basicAuth?.username}:${gowa.basicAuth?.password}`).toString('base64');
}

export function evolutionEnv(evolution: Evolution, overrides: Env = {}): Env {
  return {
    WA_PROVIDER: 'evolution',
    WA_BASE_URL: evolution.emulator.url,
    WA_API_KEY: evolution.apiKey,
    WA_SESSION: 'crm-main',
    ...overrides,
  };
}

export const wahaAccount: EmulatorAccount<Waha> = {
  env: (waha, options) => wahaEnv(waha, options?.wrongCredential ? { WA_API_KEY: 'wrong-key' } : {}),
  secrets: (waha) => [waha.apiKey ?? ''],
};

export const wawpAccount: EmulatorAccount<Wawp> = {
  env: (wawp, options) => wawpEnv(wawp, options?.wrongCredential ? { WA_API_KEY: 'wrong-token' } : {}),
  secrets: (wawp) => [wawp.accessToken],
};

export const wasendAccount: EmulatorAccount<Wasend> = {
  env: (wasend, options) => wasendEnv(wasend, options?.wrongCredential ? { WA_API_KEY: 'wrong-key' } : {}),
  secrets: (wasend) => [wasend.apiKey],
};

export const gowaAccount: EmulatorAccount<Gowa> = {
  env: (gowa, options) => gowaEnv(gowa, options?.wrongCredential ? { WA_PASSWORD: 'wrong-password' } : {}),
  secrets: (gowa) => [gowa.basicAuth?.password ?? '', gowaBasic(gowa)],
};

export const evolutionAccount: EmulatorAccount<Evolution> = {
  env: (evolution, options) => evolutionEnv(evolution, options?.wrongCredential ? { WA_API_KEY: 'wrong-key' } : {}),
  secrets: (evolution) => [evolution.apiKey],
};

/** Opens the default session of `env` on a started emulator for `run`, then closes both, whatever `run` did. */
export async function withEmulator<E extends RunningEmulator, T>(
  started: Promise<E>,
  env: (emulator: E) => Env,
  run: (session: ProviderSession, emulator: E) => Promise<T>,
): Promise<T> {
  const running = await started;
  try {
    return await withProvider(env(running), (session) => run(session, running));
  } finally {
    await running.emulator.close();
  }
}
