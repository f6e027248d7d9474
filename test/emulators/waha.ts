import { Emulator, type EmulatorResponse, type RecordedRequest } from './emulator.js';
import { WhatsAppWorld } from './whatsapp-world.js';

/**
 * WAHA (devlikeapro/waha) as providers.md describes it: `X-Api-Key`, `/api` routes, the contact
 * route answering `profilePictureURL` and the chat and group routes `url`, every engine failure
 * swallowed into `null`, a 24 h cache per id string (null cached too) that only `refresh` passes,
 * NestJS error bodies, and 422 for sessions that are missing or not WORKING.
 */
export type WahaSessionStatus = 'STOPPED' | 'STARTING' | 'SCAN_QR_CODE' | 'WORKING' | 'FAILED';

export interface WahaEmulatorOptions {
  apiKey?: string | null;
  sessions?: Record<string, WahaSessionStatus>;
}

const BOOLEAN_STRINGS: Record<string, boolean> = { true: true, True: true, '1': true, false: false, False: false, '0': false };

export async function startWahaEmulator(options: WahaEmulatorOptions = {}) {
  const world = new WhatsAppWorld();
  const apiKey = options.apiKey === undefined ? 'waha-secret-key' : options.apiKey;
  const sessions = new Map(Object.entries(options.sessions ?? { default: 'WORKING' as const }));
  const cache = new Map<string, string | null>();
  let engineFetches = 0;

  function engineFetch(id: string): string | null {
    engineFetches += 1;
    const [user = '', server = ''] = id.split('@');
    if (server === 'broadcast') {
      return null;
    }
    const picture = world.lookup(user);
    // NOWEB asks Baileys for the full image; not-found and not-authorized both become null.
    return picture.kind === 'picture' ? world.cdnUrl(picture.pictureId, false) : null;
  }

  function picture(rawId: string, refresh: boolean): string | null {
    // Bare numbers get @c.us appended; the cache key is the id exactly as given.
    const id = rawId.includes('@') ? rawId : `${rawId}@c.us`;
    if (!refresh && cache.has(rawId)) {
      return cache.get(rawId) ?? null;
    }
    const url = engineFetch(id);
    cache.set(rawId, url);
    return url;
  }

  function sessionProblem(name: string): EmulatorResponse | null {
    const status = sessions.get(name);
    if (status === undefined) {
      return { status: 422, body: { error: `Session "${name}" does not exist`, session: name } };
    }
    if (status !== 'WORKING') {
      return {
        status: 422,
        body: {
          error: 'Session status is not as expected. Try again later or restart the session',
          session: name,
          status,
          expected: ['WORKING'],
        },
      };
    }
    return null;
  }

  function refreshOf(request: RecordedRequest): boolean | EmulatorResponse {
    const value = request.query.refresh;
    if (value === undefined) {
      return false;
    }
    const parsed = BOOLEAN_STRINGS[value];
    return parsed ?? { status: 400, body: { statusCode: 400, message: ['refresh must be a boolean value'], error: 'Bad Request' } };
  }

  const emulator = new Emulator((request) => {
    if (apiKey !== null && request.headers['x-api-key'] !== apiKey) {
      return { status: 401, body: { statusCode: 401, message: 'Unauthorized' } };
    }
    const refresh = refreshOf(request);
    if (typeof refresh !== 'boolean') {
      return refresh;
    }
    if (request.method === 'GET' && request.path === '/api/contacts/profile-picture') {
      const contactId = request.query.contactId;
      if (contactId === undefined) {
        return { status: 400, body: { statusCode: 400, message: ['contactId should not be empty'], error: 'Bad Request' } };
      }
      const problem = sessionProblem(request.query.session ?? 'default');
      return problem ?? { status: 200, body: { profilePictureURL: picture(contactId, refresh) } };
    }
    const match = /^\/api\/([^/]+)\/(chats|groups)\/([^/]+)\/picture$/.exec(request.path);
    if (request.method === 'GET' && match !== null) {
      const [, session = '', , id = ''] = match;
      const problem = sessionProblem(session);
      return problem ?? { status: 200, body: { url: picture(id, refresh) } };
    }
    return { status: 404, body: { statusCode: 404, message: `Cannot ${request.method} ${request.path}`, error: 'Not Found' } };
  });
  await emulator.start();
  return {
    emulator,
    world,
    apiKey,
    sessions,
    get engineFetches() {
      return engineFetches;
    },
  };
}
