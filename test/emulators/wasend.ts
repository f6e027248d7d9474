import { Emulator, type EmulatorResponse, type RecordedRequest } from './emulator.js';
import { downloadFromLoopback, imageKind, reencodeAsJpeg } from './images.js';
import { WhatsAppWorld } from './whatsapp-world.js';

/**
 * Wasend (api.wasend.dev) as providers.md describes it: `Authorization: Bearer`, WAHA's routes
 * without `/api`, the contact and chat routes answering `{url}`, the group route in the shape of
 * its docs (`{success, picture: {url, type, size}}`) or of its SDK (`{url, format, size}`), WAHA's
 * null for every failure, and 404 "Session not found" for an unknown session.
 *
 * `PUT /{session}/groups/{group}/picture` with `{url, format?, cropToSquare?}` and `DELETE` on the
 * same path, with the statuses its docs list (docs/groups/set-picture): 400 without `url`, 403 not
 * allowed to edit the group, 404 session or group, 422 an image URL it cannot fetch or decode, 429
 * with Retry-After. The error bodies' wording is ours: Wasend documents the statuses, not the texts.
 * It downloads the URL itself, from 127.0.0.1 only (tests serve images on loopback).
 */
export interface WasendEmulatorOptions {
  apiKey?: string;
  sessions?: string[];
  groupShape?: 'docs' | 'sdk';
  /** The Retry-After of its 429 (seconds). */
  retryAfterSeconds?: number;
}

export async function startWasendEmulator(options: WasendEmulatorOptions = {}) {
  const world = new WhatsAppWorld();
  const apiKey = options.apiKey ?? 'wasend-bearer-key-5678';
  const sessions = new Set(options.sessions ?? ['sess_01HZX']);
  const settings = { groupShape: options.groupShape ?? 'docs', retryAfterSeconds: options.retryAfterSeconds ?? 30 };

  function url(id: string): string | null {
    const picture = world.lookup(id.split('@')[0] ?? '');
    return picture.kind === 'picture' ? world.cdnUrl(picture.pictureId, false) : null;
  }

  const sessionMissing = { status: 404, body: { success: false, message: 'Session not found' } };

  async function writePicture(request: RecordedRequest, group: string): Promise<EmulatorResponse> {
    let jpeg: Buffer | null = null;
    if (request.method === 'PUT') {
      let url: unknown;
      try {
        url = (JSON.parse(request.body) as { url?: unknown }).url;
      } catch {
        url = undefined;
      }
      if (typeof url !== 'string' || url === '') {
        return { status: 400, body: { success: false, message: 'url is required and must be a valid URL' } };
      }
      const unusable = {
        status: 422,
        body: { success: false, message: 'The image URL is invalid, inaccessible or not a supported image' },
      };
      const download = await downloadFromLoopback(url);
      if (!download.ok || imageKind(download.bytes) === null) {
        return unusable;
      }
      try {
        jpeg = await reencodeAsJpeg(download.bytes, 80);
      } catch {
        return unusable;
      }
    }
    const change = world.changeGroupPicture(group.split('@')[0] ?? '', jpeg);
    if (!change.ok) {
      switch (change.error.code) {
        case 404:
          return { status: 404, body: { success: false, message: 'Group not found' } };
        case 429:
          return {
            status: 429,
            body: { success: false, message: 'Too many requests' },
            headers: { 'retry-after': String(settings.retryAfterSeconds) },
          };
        case 401:
        case 403:
          return { status: 403, body: { success: false, message: 'Only group admins can change the group info (infoAdminOnly)' } };
        default:
          return { status: 422, body: { success: false, message: 'WhatsApp did not accept the image' } };
      }
    }
    return jpeg === null
      ? { status: 200, body: { success: true } }
      : {
          status: 200,
          body: { success: true, url: world.cdnUrl(change.pictureId, false), message: 'Group picture updated successfully.' },
        };
  }

  const emulator = new Emulator(async (request) => {
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
    if ((request.method === 'PUT' || request.method === 'DELETE') && match?.[2] === 'groups') {
      const [, session = '', , id = ''] = match;
      return sessions.has(session) ? writePicture(request, id) : sessionMissing;
    }
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
