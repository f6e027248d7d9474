import { Response, type FormData } from 'undici';
import { Emulator, type EmulatorResponse, type RecordedRequest } from './emulator.js';
import { imageKind, reencodeAsJpeg } from './images.js';
import { WhatsAppWorld } from './whatsapp-world.js';

/**
 * GoWA (go-whatsapp-web-multidevice) as providers.md describes it: optional HTTP Basic auth whose
 * failure is Fiber's plain-text 401, devices picked with `X-Device-Id` (or `device_id`), the
 * `{code, message, results}` envelope, `/user/avatar` with `is_preview` and the picture's own id,
 * whatsmeow's "hidden" and "not set" errors as HTTP 500 messages, and `@c.us` not understood.
 *
 * `POST /group/photo` (`ui/rest/group.go` SetGroupPhoto, `usecase/group.go` L317-355) in GoWA's
 * order: the `photo` part's check (400 INVALID_IMAGE_FORMAT), `group_id` required (400
 * VALIDATION_ERROR), login (401), re-encoding to JPEG, then WhatsApp's IQ, whose refusal is
 * whatsmeow's IQError text in a Recovery-middleware 500 ("info query returned status 403: forbidden").
 */
export interface GowaEmulatorOptions {
  basicAuth?: { username: string; password: string } | null;
  /** Device id → logged in. */
  devices?: Record<string, boolean>;
}

function envelope(status: number, code: string, message: string, results?: unknown): EmulatorResponse {
  return { status, body: results === undefined ? { code, message } : { code, message, results } };
}

/** `image_utils.go` ValidateGroupPhotoFormat L127-180: the part's declared type, its size, and what its header decodes as. */
function photoProblem(type: string, bytes: Buffer): string | null {
  if (type !== '' && !['image/jpeg', 'image/jpg', 'image/png', 'image/webp'].includes(type)) {
    return `unsupported image format: ${type} (supported: JPEG, PNG, WebP)`;
  }
  if (bytes.length > 10 * 1024 * 1024) {
    return `image file too large: ${bytes.length} bytes (max 10MB for processing)`;
  }
  return imageKind(bytes) === null ? 'invalid image file: image: unknown format' : null;
}

/**
 * Fiber's multipart form, read by undici's parser; null when the body is not one. One difference:
 * undici reports a file part sent without a type as text/plain (fetch spec), where Go sees none
 * and lets it pass; our adapter always sends the type, so that case never arises here.
 */
async function multipart(request: RecordedRequest): Promise<FormData | null> {
  const type = request.headers['content-type'] ?? '';
  if (!type.startsWith('multipart/form-data')) {
    return null;
  }
  try {
    return await new Response(request.rawBody, { headers: { 'content-type': type } }).formData();
  } catch {
    return null;
  }
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

  async function setGroupPhoto(request: RecordedRequest, chosen: string): Promise<EmulatorResponse> {
    const form = await multipart(request);
    const photo = form?.get('photo');
    let bytes: Buffer | null = null;
    if (typeof photo === 'object' && photo !== null) {
      bytes = Buffer.from(await photo.arrayBuffer());
      const problem = photoProblem(photo.type, bytes);
      if (problem !== null) {
        return envelope(400, 'INVALID_IMAGE_FORMAT', `Image validation failed: ${problem}`);
      }
    }
    const given = form?.get('group_id');
    if (typeof given !== 'string' || given === '') {
      return envelope(400, 'VALIDATION_ERROR', 'group_id: cannot be blank.');
    }
    if (devices.get(chosen) !== true) {
      return envelope(401, 'AUTHENTICATION_ERROR', 'you are not logged in');
    }
    // SanitizePhone: a bare id longer than a phone number is a group.
    const groupJid = given.includes('@') ? given : `${given}@${given.length <= 15 ? 's.whatsapp.net' : 'g.us'}`;
    let jpeg: Buffer | null = null;
    if (bytes !== null) {
      try {
        jpeg = await reencodeAsJpeg(bytes, 80);
      } catch (error) {
        return envelope(500, 'INTERNAL_SERVER_ERROR', `failed to decode image: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    const change = world.changeGroupPicture(groupJid.split('@')[0] ?? '', jpeg);
    if (!change.ok) {
      // whatsmeow wraps 406 as ErrInvalidImageFormat (`group.go` L340-342); any other IQError prints itself.
      const message =
        change.error.code === 406
          ? 'the given data is not a valid image'
          : `info query returned status ${change.error.code}: ${change.error.text}`;
      return envelope(500, 'INTERNAL_SERVER_ERROR', message);
    }
    const message = bytes === null ? 'Success remove group photo' : 'Success update group photo';
    return envelope(200, 'SUCCESS', message, { picture_id: change.pictureId, message });
  }

  const emulator = new Emulator(async (request) => {
    if (basicAuth !== null) {
      const expected = `Basic ${Buffer.from(`${basicAuth.username}:${basicAuth.password}`).toString('base64')}`;
      if (request.headers.authorization !== expected) {
        return { status: 401, body: 'Unauthorized', headers: { 'www-authenticate': 'basic realm="Restricted"' } };
      }
    }
    const isAvatar = request.method === 'GET' && request.path === '/user/avatar';
    const isGroupPhoto = request.method === 'POST' && request.path === '/group/photo';
    if (!isAvatar && !isGroupPhoto) {
      return envelope(404, 'NOT_FOUND', `Cannot ${request.method} ${request.path}`);
    }
    const chosen = device(request);
    if (typeof chosen !== 'string') {
      return chosen;
    }
    if (isGroupPhoto) {
      return setGroupPhoto(request, chosen);
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
