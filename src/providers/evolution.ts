import { AppError } from '../errors.js';
import { jidForProvider } from '../pictures/jid.js';
import { field, httpFailure, pictureOrNone } from './answers.js';
import type { ProviderHttp } from './http.js';
import type { Provider, ProviderPicture, ProviderPictureRequest } from './provider.js';

/**
 * Evolution API (Baileys channel): one POST per picture, asked live (no cache to refresh), full
 * size only, and every Baileys failure — hidden, unset, closed instance — answered as `null` (NONE).
 */
export class EvolutionProvider implements Provider {
  readonly kind = 'evolution';
  readonly capabilities = { preview: false, refresh: false, tellsHiddenFromNotSet: false } as const;
  readonly #http: ProviderHttp;
  readonly #path: string;
  readonly #headers: Record<string, string>;

  constructor(options: { http: ProviderHttp; instance: string; apiKey: string }) {
    this.#http = options.http;
    this.#path = `/chat/fetchProfilePictureUrl/${encodeURIComponent(options.instance)}`;
    this.#headers = { apikey: options.apiKey };
  }

  async fetchPicture({ jid, signal }: ProviderPictureRequest): Promise<ProviderPicture> {
    const response = await this.#http.request({
      method: 'POST',
      path: this.#path,
      headers: this.#headers,
      json: { number: jidForProvider(jid, 's.whatsapp.net') },
      signal,
      // Reading a picture changes nothing: retrying it is safe although it is a POST.
      idempotent: true,
    });
    if (response.status === 200 || response.status === 201) {
      return pictureOrNone(field(response.body, 'profilePictureUrl'));
    }
    if (response.status === 404) {
      throw new AppError('UNKNOWN_SESSION', 'Evolution API does not know this instance');
    }
    throw httpFailure('Evolution API', response);
  }
}
