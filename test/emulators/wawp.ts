import { Emulator, type EmulatorResponse } from './emulator.js';
import { WhatsAppWorld } from './whatsapp-world.js';

/**
 * Wawp v2 (api.wawp.net) as providers.md describes it: `instance_id` and `access_token` in the
 * query string of a GET, the contact route answering `{id, url}`, the group route `{url}`, the chat
 * route (shape undocumented) WAHA's `{url}`, a missing picture as 404 and a private one as an empty
 * URL, 401 for a bad token and 404 `invalid_session` for a dropped WhatsApp session.
 */
export interface WawpEmulatorOptions {
  instanceId?: string;
  accessToken?: string;
  /** Whether the instance's WhatsApp session is connected. */
  connected?: boolean;
}

export async function startWawpEmulator(options: WawpEmulatorOptions = {}) {
  const world = new WhatsAppWorld();
  const instanceId = options.instanceId ?? 'INST-7F3A2C';
  const accessToken = options.accessToken ?? 'wawp-access-token-1234';
  const state = { connected: options.connected ?? true };

  function answer(user: string, shape: (url: string | null) => unknown): EmulatorResponse {
    const picture = world.lookup(user);
    if (picture.kind === 'not-set') {
      return { status: 404, body: { code: 'not_found', message: 'Profile picture not found' } };
    }
    return { status: 200, body: shape(picture.kind === 'picture' ? world.cdnUrl(picture.pictureId, false) : '') };
  }

  const emulator = new Emulator((request) => {
    const { query } = request;
    if (query.access_token !== accessToken) {
      return { status: 401, body: { code: 'unauthorized', message: 'Invalid or Missing Access Token' } };
    }
    if (query.instance_id !== instanceId || !state.connected) {
      return { status: 404, body: { code: 'invalid_session', message: 'The WhatsApp session of this instance is not available' } };
    }
    if (request.method !== 'GET') {
      return { status: 404, body: { code: 'rest_no_route', message: 'No route was found matching the URL and request method.' } };
    }
    if (request.path === '/v2/contacts/profile-picture') {
      const contactId = query.contactId ?? '';
      // The docs require a full JID (user@server); a bare number is a parameter format error.
      if (!/^[^@]+@[a-z.]+$/.test(contactId)) {
        return { status: 400, body: { code: 'invalid_parameter', message: 'Invalid Parameter Format' } };
      }
      return answer(contactId.split('@')[0] ?? '', (url) => ({ id: contactId, url }));
    }
    if (request.path === '/v2/chats/picture') {
      const chatId = query.chatId ?? '';
      return answer(chatId.split('@')[0] ?? '', (url) => ({ url }));
    }
    const group = /^\/v2\/groups\/([^/]+)@g\.us\/picture$/.exec(request.path);
    if (group !== null) {
      return answer(group[1] ?? '', (url) => ({ url }));
    }
    return { status: 404, body: { code: 'rest_no_route', message: 'No route was found matching the URL and request method.' } };
  });
  await emulator.start();
  return { emulator, world, instanceId, accessToken, state };
}
