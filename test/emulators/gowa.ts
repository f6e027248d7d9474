import { Emulator, type EmulatorResponse, type RecordedRequest } from './emulator.js';
import { WhatsAppWorld } from './whatsapp-world.js';

/**
 * GoWA (go-whatsapp-web-multidevice) as providers.md describes it: optional HTTP Basic auth whose
 * failure is Fiber's plain-text 401, devices picked with `X-Device-Id` (or `device_id`), the
 * `{code, message, results}` envelope, `/user/avatar` with `is_preview` and the picture's own id,
 * whatsmeow's "hidden" and "not set" errors as HTTP 500 messages, and `@c.us` not understood.
 */
export interface GowaEmulatorOptions {
  basicAuth?: { username: string; password: string } | null;
  /** Device id → logged in. */
  devices?: Record<string, boolean>;
}

function envelope(status: number, code: string, message: string, results?: unknown): EmulatorResponse {
  return { status, body: results === undefined ? { code, message } : { code, message, results } };
}

export async function startGowaEmulator(options: GowaEmulatorOptions = {}) {
  const world = new WhatsAppWorld();
  const basicAuth = options.basicAuth === undefined ? { username: 'admin', password: 'gowa-pass-9!' } : options.basicAuth;
  const devices = new Map(Object.entries(options.devices ?? { 'device-a': true }));

  function device(request: RecordedRequest): string | EmulatorResponse {
    const given = (request.headers['x-device-id'] as string | undefined) ?? request.query.device_id;
    if (given === undefined) {
      if (devices.size === 1) {
        return [...devices.keys()][0] as string;
      }
      return envelope(400, 'DEVICE_ID_REQUIRED', 'device id is required when several devices are registered');
    }
    return devices.has(given)
      ? given
      : { status: 404, body: { code: 'DEVICE_NOT_FOUND', message: 'device not found; register it first', results: { device_id: given } } };
  }

  const emulator = new Emulator((request) => {
    if (basicAuth !== null) {
      const expected = `Basic ${Buffer.from(`${basicAuth.username}:${basicAuth.password}`).toString('base64')}`;
      if (request.headers.authorization !== expected) {
        return { status: 401, body: 'Unauthorized', headers: { 'www-authenticate': 'basic realm="Restricted"' } };
      }
    }
    if (!(request.method === 'GET' && request.path === '/user/avatar')) {
      return envelope(404, 'NOT_FOUND', `Cannot ${request.method} ${request.path}`);
    }
    const chosen = device(request);
    if (typeof chosen !== 'string') {
      return chosen;
    }
    if (devices.get(chosen) !== true) {
      return envelope(401, 'AUTHENTICATION_ERROR', 'you are not logged in');
    }
    const phone = request.query.phone;
    if (phone === undefined || phone === '') {
      return envelope(400, 'VALIDATION_ERROR', 'phone: cannot be blank.');
    }
    // SanitizePhone: a bare number of up to 15 digits is a user, longer a group.
    const jid = phone.includes('@') ? phone : `${phone}@${phone.length <= 15 ? 's.whatsapp.net' : 'g.us'}`;
    const [user = '', server] = jid.split('@');
    if (server === 'c.us') {
      // whatsmeow keeps the legacy c.us server; WhatsApp finds no such user.
      return envelope(500, 'INTERNAL_SERVER_ERROR', 'no avatar found');
    }
    const picture = world.lookup(user);
    if (picture.kind === 'hidden') {
      return envelope(500, 'INTERNAL_SERVER_ERROR', 'the user has hidden their profile picture from you');
    }
    if (picture.kind === 'not-set') {
      return envelope(500, 'INTERNAL_SERVER_ERROR', 'that user or group does not have a profile picture');
    }
    const preview = request.query.is_preview === 'true';
    return envelope(200, 'SUCCESS', 'Success get avatar', {
      url: world.cdnUrl(picture.pictureId, preview),
      id: picture.pictureId,
      type: preview ? 'preview' : 'image',
    });
  });
  await emulator.start();
  return { emulator, world, basicAuth, devices };
}
