import { Emulator } from './emulator.js';
import { WhatsAppWorld } from './whatsapp-world.js';

/**
 * Evolution API (Baileys channel) as providers.md describes it: the `apikey` header checked after
 * the instance guard (an unknown instance is 404 before any key check), `POST
 * /chat/fetchProfilePictureUrl/{instance}` with a JSON `number`, `@c.us` rewritten to
 * `@s.whatsapp.net`, and `profilePictureUrl: null` for every failure, a closed instance included.
 */
export interface EvolutionEmulatorOptions {
  apiKey?: string;
  /** Instance name → connection state. */
  instances?: Record<string, 'open' | 'connecting' | 'close'>;
}

function createJid(number: string): string {
  if (/@(g\.us|s\.whatsapp\.net|lid|broadcast)$/.test(number)) {
    return number;
  }
  const digits = number.replace(/@.*$/, '').replace(/\D/g, '');
  return number.includes('-') || digits.length >= 18 ? `${digits}@g.us` : `${digits}@s.whatsapp.net`;
}

export async function startEvolutionEmulator(options: EvolutionEmulatorOptions = {}) {
  const world = new WhatsAppWorld();
  const apiKey = options.apiKey ?? 'evolution-global-key-42';
  const instances = new Map(Object.entries(options.instances ?? { 'crm-main': 'open' as const }));

  const emulator = new Emulator((request) => {
    const match = /^\/chat\/fetchProfilePictureUrl\/([^/]+)$/.exec(request.path);
    if (match === null || request.method !== 'POST') {
      return { status: 404, body: { status: 404, error: 'Not Found', response: { message: ['Not Found'] } } };
    }
    const instance = match[1] ?? '';
    if (!instances.has(instance)) {
      return {
        status: 404,
        body: { status: 404, error: 'Not Found', response: { message: [`The "${instance}" instance does not exist`] } },
      };
    }
    if (request.headers.apikey !== apiKey) {
      return { status: 401, body: { status: 401, error: 'Unauthorized', response: { message: 'Unauthorized' } } };
    }
    let number: unknown;
    try {
      number = (JSON.parse(request.body) as { number?: unknown }).number;
    } catch {
      number = undefined;
    }
    if (typeof number !== 'string') {
      return { status: 400, body: { status: 400, error: 'Bad Request', response: { message: ['instance requires property "number"'] } } };
    }
    const wuid = createJid(number);
    const picture = world.lookup(wuid.split('@')[0] ?? '');
    const url = instances.get(instance) === 'open' && picture.kind === 'picture' ? world.cdnUrl(picture.pictureId, false) : null;
    return { status: 200, body: { wuid, profilePictureUrl: url } };
  });
  await emulator.start();
  return { emulator, world, apiKey, instances };
}
