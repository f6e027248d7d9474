import { Emulator, type EmulatorResponse, type RecordedRequest } from './emulator.js';
import { downloadFromLoopback, reencodeAsJpeg } from './images.js';
import { WhatsAppWorld } from './whatsapp-world.js';

/**
 * WAHA (devlikeapro/waha) as providers.md describes it: `X-Api-Key`, `/api` routes, the contact
 * route answering `profilePictureURL` and the chat and group routes `url`, every engine failure
 * swallowed into `null`, a 24 h cache per id string (null cached too) that only `refresh` passes,
 * NestJS error bodies, and 422 for sessions that are missing or not WORKING.
 *
 * Group pictures (`PUT`/`DELETE /api/{session}/groups/{id}/picture`): the Core edition answers
 * NestJS's 501 from NotImplementedByEngineError (`src/core/exceptions.ts`; no Core engine
 * implements it). The Plus edition is closed source; it is emulated as the NOWEB engine would do
 * it: Baileys re-encodes the image with sharp and sends WhatsApp's IQ, whose refusal surfaces
 * through WAHA's AllExceptionsFilter as a 500 with the engine's message (uncertain, §4.2). After a
 * write WAHA refreshes its picture cache for that id 3 s later (`session.abc.ts` L973-995): reads
 * before then get the old URL unless `refresh=true`. The refresh is applied lazily on the next read
 * after those 3 s of the emulator's clock, so no timer outlives the server.
 */
export type WahaSessionStatus = 'STOPPED' | 'STARTING' | 'SCAN_QR_CODE' | 'WORKING' | 'FAILED';

export interface WahaEmulatorOptions {
  apiKey?: string | null;
  sessions?: Record<string, WahaSessionStatus>;
  /** Core (the free image, default) or Plus, which alone writes group pictures. */
  edition?: 'core' | 'plus';
  /** The clock of the 3 s self-refresh after a write. */
  now?: () => number;
}

const SELF_REFRESH_MS = 3_000;

/** What WAHA's AllExceptionsFilter answers for an error that is not an HttpException (`src/nestjs/AllExceptionsFilter.ts`). */
function unhandled(request: RecordedRequest, message: string): EmulatorResponse {
  let body: unknown;
  try {
    body = JSON.parse(request.body);
  } catch {
    body = {};
  }
  return {
    status: 500,
    body: {
      statusCode: 500,
      timestamp: new Date().toISOString(),
      exception: { message, name: 'Error', stack: `Error: ${message}\n    at WhatsappSessionNoWebPlus.setGroupPicture` },
      // WAHA echoes the request, base64 and all: a reason never to pass error bodies on.
      request: { path: request.rawUrl, method: request.method, body, query: request.query },
      version: { version: '2026.2.1', engine: 'NOWEB', tier: 'PLUS' },
    },
  };
}

const BOOLEAN_STRINGS: Record<string, boolean> = { true: true, True: true, '1': true, false: false, False: false, '0': false };

export async function startWahaEmulator(options: WahaEmulatorOptions = {}) {
  const world = new WhatsAppWorld();
  const apiKey = options.apiKey === undefined ? 'waha-secret-key' : options.apiKey;
  const sessions = new Map(Object.entries(options.sessions ?? { default: 'WORKING' as const }));
  const cache = new Map<string, string | null>();
  const settings = { edition: options.edition ?? 'core' };
  const now = options.now ?? Date.now;
  /** Ids whose cache entry WAHA re-reads 3 s after a write, and when. */
  const selfRefreshAt = new Map<string, number>();
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
    const selfRefresh = selfRefreshAt.get(rawId);
    if (selfRefresh !== undefined && now() >= selfRefresh) {
      selfRefreshAt.delete(rawId);
      cache.set(rawId, engineFetch(id));
    }
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

  /** The NOWEB Plus path: Baileys `updateProfilePicture` / `removeProfilePicture` on the group. */
  async function writePicture(request: RecordedRequest, id: string): Promise<EmulatorResponse> {
    let jpeg: Buffer | null = null;
    if (request.method === 'PUT') {
      let file: { data?: unknown; url?: unknown } | undefined;
      try {
        file = (JSON.parse(request.body) as { file?: { data?: unknown; url?: unknown } }).file;
      } catch {
        file = undefined;
      }
      let bytes: Buffer;
      if (typeof file?.data === 'string') {
        bytes = Buffer.from(file.data, 'base64');
      } else if (typeof file?.url === 'string') {
        const download = await downloadFromLoopback(file.url);
        if (!download.ok) {
          return unhandled(request, download.reason);
        }
        bytes = download.bytes;
      } else {
        return { status: 400, body: { statusCode: 400, message: ['file must be an object'], error: 'Bad Request' } };
      }
      try {
        jpeg = await reencodeAsJpeg(bytes, 50);
      } catch (error) {
        return unhandled(request, error instanceof Error ? error.message : String(error));
      }
    }
    const change = world.changeGroupPicture(id.split('@')[0] ?? '', jpeg);
    if (!change.ok) {
      // Baileys throws Boom(text) with the IQ error's text.
      return unhandled(request, change.error.text);
    }
    selfRefreshAt.set(id, now() + SELF_REFRESH_MS);
    return { status: 200, body: { success: true } };
  }

  const emulator = new Emulator(async (request) => {
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
    const write = /^\/api\/([^/]+)\/groups\/([^/]+)\/picture$/.exec(request.path);
    if ((request.method === 'PUT' || request.method === 'DELETE') && write !== null) {
      const [, session = '', id = ''] = write;
      const problem = sessionProblem(session);
      if (problem !== null) {
        return problem;
      }
      if (settings.edition === 'core') {
        return {
          status: 501,
          body: {
            message: "The method is not implemented by 'NOWEB' engine. Check the docs and try another engine: https://waha.devlike.pro/",
            error: 'Not Implemented',
            statusCode: 501,
          },
        };
      }
      return writePicture(request, id);
    }
    return { status: 404, body: { statusCode: 404, message: `Cannot ${request.method} ${request.path}`, error: 'Not Found' } };
  });
  await emulator.start();
  return {
    emulator,
    world,
    apiKey,
    sessions,
    settings,
    get engineFetches() {
      return engineFetches;
    },
  };
}
