import { AppError } from '../errors.js';
import { jidForProvider } from '../pictures/jid.js';
import { field, httpFailure, NONE, pictureOrNone, text } from './answers.js';
import type { ProviderHttp } from './http.js';
import type { Provider, ProviderPicture, ProviderPictureRequest } from './provider.js';

/**
 * Wasend (api.wasend.dev): WAHA's paths without `/api`, a bearer key, WAHA's 24 h cache behind
 * `refresh`. Its docs and SDK disagree on the group picture answer (`picture.url` or `url`): both
 * are read.
 */
export class WasendProvider implements Provider {
  readonly kind = 'wasend';
  readonly capabilities = { preview: false, refresh: true, tellsHiddenFromNotSet: false } as const;
  readonly #http: ProviderHttp;
  readonly #session: string;
  readonly #headers: Record<string, string>;

  constructor(options: { http: ProviderHttp; session: string; apiKey: string }) {
    this.#http = options.http;
    this.#session = options.session;
    this.#headers = { authorization: `Bearer ${options.apiKey}` };
  }

  async fetchPicture({ jid, refresh, signal }: ProviderPictureRequest): Promise<ProviderPicture> {
    const id = jidForProvider(jid, 'c.us');
    const session = encodeURIComponent(this.#session);
    const refreshQuery = { refresh: refresh ? 'true' : undefined };
    const [path, query] =
      jid.kind === 'person'
        ? ['/contacts/profile-picture', { session: this.#session, contactId: id, ...refreshQuery }]
        : [`/${session}/${jid.kind === 'group' ? 'groups' : 'chats'}/${encodeURIComponent(id)}/picture`, refreshQuery];
    const response = await this.#http.request({ method: 'GET', path, query, headers: this.#headers, signal, idempotent: true });
    if (response.status === 200) {
      return pictureOrNone(field(response.body, 'picture', 'url') ?? field(response.body, 'url'));
    }
    if (response.status === 404) {
      // 404 is "session or group not found"; only the message tells which.
      if (/session/i.test(text(response.body, 'message') ?? text(response.body, 'error') ?? '')) {
        throw new AppError('UNKNOWN_SESSION', 'Wasend does not know this session');
      }
      return NONE;
    }
    throw httpFailure('Wasend', response);
  }
}
