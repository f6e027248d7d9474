import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEvolutionEmulator } from '../emulators/evolution.js';
import { startGowaEmulator } from '../emulators/gowa.js';
import { startWahaEmulator } from '../emulators/waha.js';
import { startWasendEmulator } from '../emulators/wasend.js';
import { startWawpEmulator } from '../emulators/wawp.js';
import type { WhatsAppWorld } from '../emulators/whatsapp-world.js';

export interface AllProviders {
  readonly wahaPlus: Awaited<ReturnType<typeof startWahaEmulator>>;
  readonly wahaCore: Awaited<ReturnType<typeof startWahaEmulator>>;
  readonly wawp: Awaited<ReturnType<typeof startWawpEmulator>>;
  readonly wasend: Awaited<ReturnType<typeof startWasendEmulator>>;
  readonly gowa: Awaited<ReturnType<typeof startGowaEmulator>>;
  readonly evolution: Awaited<ReturnType<typeof startEvolutionEmulator>>;
  /** Every emulator's WhatsApp, to arrange groups the same way everywhere. */
  readonly worlds: readonly WhatsAppWorld[];
  /** A WA_SESSIONS_FILE naming one session per provider, each pointed at its emulator (and `demo`). */
  readonly sessionsFile: string;
  close(): Promise<void>;
}

/**
 * Every provider's emulator on loopback, and a sessions file with one session each: `waha-plus`,
 * `waha-core`, `wawp`, `wasend`, `gowa`, `evolution` and `demo`. WAHA Plus runs on a frozen clock,
 * so its own 3 s self-refresh after a write never happens by itself: only `refresh=true` gets past
 * its cache.
 */
export async function startAllProviders(): Promise<AllProviders> {
  const frozen = Date.now();
  const [wahaPlus, wahaCore, wawp, wasend, gowa, evolution] = await Promise.all([
    startWahaEmulator({ edition: 'plus', now: () => frozen }),
    startWahaEmulator({ edition: 'core' }),
    startWawpEmulator(),
    startWasendEmulator(),
    startGowaEmulator(),
    startEvolutionEmulator(),
  ]);
  const sessions = {
    'waha-plus': { provider: 'waha', baseUrl: wahaPlus.emulator.url, session: 'default', apiKey: wahaPlus.apiKey },
    'waha-core': { provider: 'waha', baseUrl: wahaCore.emulator.url, session: 'default', apiKey: wahaCore.apiKey },
    wawp: { provider: 'wawp', baseUrl: wawp.emulator.url, session: wawp.instanceId, apiKey: wawp.accessToken },
    wasend: { provider: 'wasend', baseUrl: wasend.emulator.url, session: [...wasend.sessions][0], apiKey: wasend.apiKey },
    gowa: {
      provider: 'gowa',
      baseUrl: gowa.emulator.url,
      session: 'device-a',
      username: gowa.basicAuth?.username,
      password: gowa.basicAuth?.password,
    },
    evolution: {
      provider: 'evolution',
      baseUrl: evolution.emulator.url,
      session: [...evolution.instances.keys()][0],
      apiKey: evolution.apiKey,
    },
    demo: { provider: 'demo' },
  };
  const sessionsFile = join(mkdtempSync(join(tmpdir(), 'sessions-')), 'sessions.json');
  writeFileSync(sessionsFile, JSON.stringify(sessions));
  const emulators = [wahaPlus, wahaCore, wawp, wasend, gowa, evolution];
  return {
    wahaPlus,
    wahaCore,
    wawp,
    wasend,
    gowa,
    evolution,
    worlds: emulators.map((running) => running.world),
    sessionsFile,
    close: async () => {
      await Promise.all(emulators.map((running) => running.emulator.close()));
    },
  };
}
