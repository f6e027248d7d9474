import { FormData } from 'undici';
import { AppError } from '../errors.js';
import { jidForProvider, type Jid } from '../pictures/jid.js';
import { HIDDEN, httpFailure, NONE, NOT_SET, notAPictureAnswer, text, writeFailure } from './answers.js';
import type { ProviderHttp, ProviderResponse } from './http.js';
import type {
  DeleteGroupPictureRequest,
  GroupPictureImage,
  GroupPictureWritten,
  Provider,
  ProviderPicture,
  ProviderPictureRequest,
  SetGroupPictureRequest,
} from './provider.js';
import { notSupported } from './refusals.js';

// whatsmeow's own error texts, which GoWA passes through in HTTP 500 bodies: answers, not failures.
const ANSWERS_IN_ERRORS = new Map<string, ProviderPicture>([
  ['the user has hidden their profile picture from you', HIDDEN],
  ['that user or group does not have a profile picture', NOT_SET],
  ['no avatar found', NONE],
]);

/** whatsmeow's `SetGroupPhoto` answers a removal with this instead of a picture id (`group.go` L340-343). */
const REMOVED = 'remove';

/**
 * GoWA (go-whatsapp-web-multidevice, on whatsmeow): asks WhatsApp live on every call (no cache to
 * refresh), has a real preview size, gives each picture its own id, and tells "hidden" from "not
 * set" in the message of an HTTP 500.
 *
 * Group pictures go to `POST /group/photo` as multipart (`ui/rest/group.go` SetGroupPhoto): the
 * bytes as the `photo` part, or no `photo` part at all to remove the picture. GoWA answers with
 * WhatsApp's new picture id, and passes WhatsApp's refusals on as HTTP 500 texts.
 */
export class GowaProvider implements Provider {
  readonly kind = 'gowa';
  readonly capabilities = {
    preview: true,
    refresh: false,
    tellsHiddenFromNotSet: true,
    setGroupPicture: ['bytes'],
    deleteGroupPicture: true,
  } as const;
  readonly #http: ProviderHttp;
  readonly #headers: Record<string, string>;

  constructor(options: { http: ProviderHttp; device: string | null; username: string | null; password: string | null }) {
    this.#http = options.http;
    this.#headers = {};
    if (options.device !== null) {
      this.#headers['x-device-id'] = options.device;
    }
    if (options.username !== null && options.password !== null) {
      this.#headers.authorization = `Basic ${Buffer.from(`${options.username}:${options.password}`).toString('base64')}`;
    }
  }

  async fetchPicture({ jid, preview, signal }: ProviderPictureRequest): Promise<ProviderPicture> {
    const response = await this.#http.request({
      method: 'GET',
      path: '/user/avatar',
      query: { phone: jidForProvider(jid, 's.whatsapp.net'), is_preview: String(preview), is_community: 'false' },
      headers: this.#headers,
      signal,
    });
    const code = text(response.body, 'code');
    const message = text(response.body, 'message') ?? '';
    if (response.status === 200) {
      // `{"code":"SUCCESS","results":{"url","id","type"}}`; anything else is not GoWA's answer.
      const url = text(response.body, 'results', 'url');
      if (url === undefined) {
        throw notAPictureAnswer('GoWA', response.status);
      }
      if (url === '') {
        return NONE;
      }
      const id = text(response.body, 'results', 'id') ?? null;
      return { status: 'AVAILABLE', url, id, preview: text(response.body, 'results', 'type') === 'preview' };
    }
    if (response.status === 500) {
      const answer = ANSWERS_IN_ERRORS.get(message);
      if (answer !== undefined) {
        return answer;
      }
      // WhatsApp's IQ 429 passed on as text: a rate limit (the gate pauses the session), not an outage.
      if (/\brate-overlimit\b/i.test(message)) {
        throw new AppError('UPSTREAM_RATE_LIMITED', 'WhatsApp is rate limiting this GoWA device (rate-overlimit)');
      }
    }
    if (response.status === 400 && code === 'INVALID_JID') {
      // "Phone … is not on whatsapp": there is no picture to show, and no privacy setting involved.
      return NONE;
    }
    throw this.#deviceFailure(response) ?? httpFailure('GoWA', response);
  }

  async setGroupPicture({ jid, image, signal }: SetGroupPictureRequest): Promise<GroupPictureWritten> {
    if (image.form !== 'bytes') {
      throw notSupported('GoWA', 'take a group picture from a URL: it only takes an uploaded file');
    }
    return this.#write(jid, image, signal);
  }

  async deleteGroupPicture({ jid, signal }: DeleteGroupPictureRequest): Promise<GroupPictureWritten> {
    return this.#write(jid, null, signal);
  }

  async #write(jid: Jid, image: Extract<GroupPictureImage, { form: 'bytes' }> | null, signal: AbortSignal): Promise<GroupPictureWritten> {
    const form = new FormData();
    form.append('group_id', jidForProvider(jid, 's.whatsapp.net'));
    if (image !== null) {
      // The part's own content type matters: GoWA refuses any type but JPEG, PNG or WebP, and most
      // multipart encoders default to application/octet-stream (`image_utils.go` ValidateGroupPhotoFormat).
      form.append('photo', new Blob([new Uint8Array(image.bytes)], { type: image.mimetype }), 'group-picture.jpg');
    }
    const response = await this.#http.request({
      method: 'POST',
      path: '/group/photo',
      headers: this.#headers,
      form,
      signal,
    });
    if (response.status === 200) {
      const pictureId = text(response.body, 'results', 'picture_id');
      return { pictureId: pictureId === undefined || pictureId === '' || pictureId === REMOVED ? null : pictureId };
    }
    throw this.#deviceFailure(response) ?? writeFailure('GoWA', response);
  }

  /** GoWA's answers about the device itself, the same for every route. */
  #deviceFailure(response: ProviderResponse): AppError | null {
    const code = text(response.body, 'code');
    if (response.status === 401 && code === 'AUTHENTICATION_ERROR') {
      // GoWA's own "not logged in" answer; a refused basic auth is a 401 without this JSON code.
      return new AppError('SESSION_NOT_READY', 'The GoWA device is not logged in to WhatsApp');
    }
    if (response.status === 404 && code === 'DEVICE_NOT_FOUND') {
      return new AppError('UNKNOWN_SESSION', 'GoWA does not know this device');
    }
    return null;
  }
}
