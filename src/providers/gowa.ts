import { AppError } from '../errors.js';
import { jidForProvider } from '../pictures/jid.js';
import { HIDDEN, httpFailure, NONE, NOT_SET, text } from './answers.js';
import type { ProviderHttp } from './http.js';
import type { Provider, ProviderPicture, ProviderPictureRequest } from './provider.js';

// whatsmeow's own error texts, which GoWA passes through in HTTP 500 bodies: answers, not failures.
const ANSWERS_IN_ERRORS = new Map<string, ProviderPicture>([
  ['the user has hidden their profile picture from you', HIDDEN],
  ['that user or group does not have a profile picture', NOT_SET],
  ['no avatar found', NONE],
]);

/**
 * GoWA (go-whatsapp-web-multidevice, on whatsmeow): asks WhatsApp live on every call (no cache to
 * refresh), has a real preview size, gives each picture its own id, and tells "hidden" from "not
 * set" in the message of an HTTP 500.
 */
export class GowaProvider implements Provider {
  readonly kind = 'gowa';
  readonly capabilities = { preview: true, refresh: false, tellsHiddenFromNotSet: true } as const;
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
      idempotent: true,
    });
    const code = text(response.body, 'code');
    const message = text(response.body, 'message') ?? '';
    if (response.status === 200) {
      const url = text(response.body, 'results', 'url');
      if (url === undefined || url === '') {
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
    }
    if (response.status === 400 && code === 'INVALID_JID') {
      // "Phone … is not on whatsapp": there is no picture to show, and no privacy setting involved.
      return NONE;
    }
    if (response.status === 401 && code === 'AUTHENTICATION_ERROR') {
      // GoWA's own "not logged in" answer; a refused basic auth is a 401 without this JSON code.
      throw new AppError('SESSION_NOT_READY', 'The GoWA device is not logged in to WhatsApp');
    }
    if (response.status === 404 && code === 'DEVICE_NOT_FOUND') {
      throw new AppError('UNKNOWN_SESSION', 'GoWA does not know this device');
    }
    throw httpFailure('GoWA', response);
  }
}
