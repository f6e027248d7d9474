import { AppError } from '../errors.js';
import { jidForProvider } from '../pictures/jid.js';
import { field, httpFailure, pictureOrNone, text } from './answers.js';
import type { ProviderHttp, ProviderResponse } from './http.js';
import type { Provider, ProviderPicture, ProviderPictureRequest } from './provider.js';

/**
 * WAHA (devlikeapro/waha). Its engines swallow every picture failure into `null` and cache that
 * for 24 h, so "no picture" and "hidden" are indistinguishable (NONE), and `refresh=true` is the
 * way past its cache. There is no preview size.
 */
export class WahaProvider implements Provider {
  readonly kind = 'waha';
  readonly capabilities = { preview: false, refresh: true, tellsHiddenFromNotSet: false } as const;
  readonly #http: ProviderHttp;
  readonly #session: string;
  readonly #headers: Record<string, string>;

  constructor(options: { http: ProviderHttp; session: string; apiKey: string | null }) {
    this.#http = options.http;
    this.#session = options.session;
    this.#headers = options.apiKey === null ? {} : { 'x-api-key': options.apiKey };
  }

  async fetchPicture({ jid, refresh, signal }: ProviderPictureRequest): Promise<ProviderPicture> {
    const id = jidForProvider(jid, 'c.us');
    const session = encodeURIComponent(this.#session);
    const refreshQuery = { refresh: refresh ? 'true' : undefined };
    if (jid.kind === 'person') {
      const response = await this.#get('/api/contacts/profile-picture', { contactId: id, session: this.#session, ...refreshQuery }, signal);
      return pictureOrNone(field(response.body, 'profilePictureURL'));
    }
    const collection = jid.kind === 'group' ? 'groups' : 'chats';
    const response = await this.#get(`/api/${session}/${collection}/${encodeURIComponent(id)}/picture`, refreshQuery, signal);
    return pictureOrNone(field(response.body, 'url'));
  }

  async #get(path: string, query: Record<string, string | undefined>, signal: AbortSignal): Promise<ProviderResponse> {
    const response = await this.#http.request({ method: 'GET', path, query, headers: this.#headers, signal, idempotent: true });
    if (response.status === 200) {
      return response;
    }
    if (response.status === 422) {
      // The session manager answers 422 both for a missing session and for one that is not WORKING.
      const error = text(response.body, 'error') ?? '';
      if (/does not exist/i.test(error)) {
        throw new AppError('UNKNOWN_SESSION', 'WAHA does not know this session');
      }
      if (field(response.body, 'expected') !== undefined || /status/i.test(error)) {
        const status = text(response.body, 'status');
        throw new AppError('SESSION_NOT_READY', `The WAHA session is not ready${status ? ` (${status})` : ''}`);
      }
    }
    throw httpFailure('WAHA', response);
  }
}
