import { AppError, type Refusal } from '../errors.js';
import { jidForProvider } from '../pictures/jid.js';
import { field, httpFailure, pictureAt, writeFailure } from './answers.js';
import type { ProviderHttp, ProviderResponse } from './http.js';
import type { GroupPictureWritten, Provider, ProviderPicture, ProviderPictureRequest, SetGroupPictureRequest } from './provider.js';
import { notSupported } from './refusals.js';

/**
 * Evolution API (Baileys channel): one POST per picture, asked live (no cache to refresh), full
 * size only, and every Baileys failure — hidden, unset, closed instance — answered as `null` (NONE).
 *
 * A group picture is set with `POST /group/updateGroupPicture/{instance}?groupJid=` and `{image}`,
 * either an http(s) URL it downloads or raw base64 (`whatsapp.baileys.service.ts` L4187-4220). It
 * has no route to remove one (only the account's own picture, `chat.router.ts` L255-260). Every
 * failure is an HTTP 500 whose message array carries the engine's text ("Error: not-authorized").
 */
export class EvolutionProvider implements Provider {
  readonly kind = 'evolution';
  readonly capabilities = {
    preview: false,
    refresh: false,
    tellsHiddenFromNotSet: false,
    setGroupPicture: ['bytes', 'url'],
    deleteGroupPicture: false,
  } as const;
  readonly #http: ProviderHttp;
  readonly #instance: string;
  readonly #headers: Record<string, string>;

  constructor(options: { http: ProviderHttp; instance: string; apiKey: string }) {
    this.#http = options.http;
    this.#instance = encodeURIComponent(options.instance);
    this.#headers = { apikey: options.apiKey };
  }

  async fetchPicture({ jid, signal }: ProviderPictureRequest): Promise<ProviderPicture> {
    const response = await this.#http.request({
      method: 'POST',
      path: `/chat/fetchProfilePictureUrl/${this.#instance}`,
      headers: this.#headers,
      json: { number: jidForProvider(jid, 's.whatsapp.net') },
      // Reading a picture changes nothing: the gate may retry it although it is a POST.
      signal,
    });
    if (response.status === 200 || response.status === 201) {
      return pictureAt('Evolution API', response, ['profilePictureUrl']);
    }
    throw this.#instanceFailure(response) ?? httpFailure('Evolution API', response);
  }

  async setGroupPicture({ jid, image, signal }: SetGroupPictureRequest): Promise<GroupPictureWritten> {
    const response = await this.#http.request({
      method: 'POST',
      path: `/group/updateGroupPicture/${this.#instance}`,
      query: { groupJid: jidForProvider(jid, 's.whatsapp.net') },
      headers: this.#headers,
      // Raw base64, never a `data:` URI: class-validator's isBase64 refuses the prefix and the
      // service answers a 500 (`isURL(...) ? … : isBase64(...) ? … : throw`).
      json: { image: image.form === 'bytes' ? image.bytes.toString('base64') : image.url },
      signal,
    });
    if (response.status === 201 || response.status === 200) {
      // `{"update": "success"}`: Baileys' updateProfilePicture returns no picture id.
      return { pictureId: null };
    }
    throw this.#instanceFailure(response) ?? this.#writeFailure(response);
  }

  async deleteGroupPicture(): Promise<GroupPictureWritten> {
    throw notSupported('Evolution API', 'remove group pictures: it has no route for that');
  }

  #writeFailure(response: ProviderResponse): Refusal | AppError {
    // Baileys' Boom('Connection Closed') when the instance's socket is down: no WhatsApp to ask.
    const messages = field(response.body, 'response', 'message');
    if (response.status === 500 && Array.isArray(messages) && messages.some((message) => message === 'Error: Connection Closed')) {
      return new AppError('SESSION_NOT_READY', 'The Evolution API instance is not connected to WhatsApp');
    }
    return writeFailure('Evolution API', response);
  }

  /** The instance guard answers 404 before anything else (`index.router.ts` L41). */
  #instanceFailure(response: ProviderResponse): AppError | null {
    return response.status === 404 ? new AppError('UNKNOWN_SESSION', 'Evolution API does not know this instance') : null;
  }
}
