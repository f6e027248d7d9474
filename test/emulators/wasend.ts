import { Emulator } from './emulator.js';
import { WhatsAppWorld } from './whatsapp-world.js';

/**
 * Wasend (api.wasend.dev) as providers.md describes it: `Authorization: Bearer`, WAHA's routes
 * without `/api`, the contact and chat routes answering `{url}`, the group route in the shape of
 * its docs (`{success, picture: {url, type, size}}`) or of its SDK (`{url, format, size}`), WAHA's
 * null for every failure, and 404 "Session not found" for an unknown session.
 */
export interface WasendEmulatorOptions {
  apiKey?: string;
  sessions?: string[];
  groupShape?: 'docs' | 'sdk';
}

export async function startWasendEmulator(options: WasendEmulatorOptions = {}) {
  const world = new WhatsAppWorld();
  const apiKey = options.apiKey ?? 'wasend-bearer-key-5678';
  const sessions = new Set(options.sessions ?? ['sess_01HZX']);
  const settings = { groupShape: options.groupShape ?? 'docs' };

  function url(id: string): string | null {
    const picture = world.lookup(id.split('@')[0] ?? '');
    return picture.kind === 'picture' ? world.cdnUrl(picture.pictureId, false) : null;
  }

  const sessionMissing = { status: 404, body: { success: false, message: 'Session not found' } };

  const emulator = new Emulator((request) => {
    if (request.headers.authorization !== `Bearer ${apiKey}`) {
      return { status: 401, body: { success: false, message: 'Unauthorized' } };
    }
    if (request.method === 'GET' && request.path === '/contacts/profile-picture') {
      if (!sessions.has(request.query.session ?? '')) {
        return sessionMissing;
      }
      return { status: 200, body: { url: url(request.query.contactId ?? '') } };
    }
    const match = /^\/([^/]+)\/(groups|chats)\/([^/]+)\/picture$/.exec(request.path);
    if (request.method === 'GET' && match !== null) {
      const [, session = '', collection, id = ''] = match;
      if (!sessions.has(session)) {
        return sessionMissing;
      }
      const found = url(id);
      if (collection === 'chats') {
        return { status: 200, body: found === null ? {} : { url: found, mimetype: 'image/jpeg' } };
      }
      return settings.groupShape === 'docs'
        ? { status: 200, body: { success: true, picture: { url: found ?? '', type: 'image/jpeg', size: found === null ? 0 : 48213 } } }
        : { status: 200, body: { url: found ?? '', format: 'jpeg', size: found === null ? 0 : 48213 } };
    }
    return { status: 404, body: { success: false, message: `Cannot ${request.method} ${request.path}` } };
  });
  await emulator.start();
  return { emulator, world, apiKey, sessions, settings };
}
