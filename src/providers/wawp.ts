import { AppError } from '../errors.js';
import { jidForProvider } from '../pictures/jid.js';
import { httpFailure, NONE, pictureAt, text } from './answers.js';
import type { ProviderHttp } from './http.js';
import type { GroupPictureWritten, Provider, ProviderPicture, ProviderPictureRequest } from './provider.js';
import { notSupported } from './refusals.js';

/**
 * Wawp (api.wawp.net, v2), a hosted WAHA: `instance_id` and `access_token` travel in the query
 * string, pictures come from WAHA's 24 h cache unless `refresh=true`, and a missing or private
 * picture is "404 or an empty URL" without saying which (NONE).
 *
 * Its docs leave the answer shapes of the chat and group routes open, so every shape Wawp or the
 * WAHA it fronts is known to use is read: `url`, `profilePictureURL` and `picture.url`.
 *
 * Group pictures are not written: Wawp's v2 docs have no set or delete route (only v1 used WAHA's
 * `PUT /groups/{id}/picture`), and guessing a write route is not something to do to a customer's
 * group. The capabilities say so; the methods refuse without a call in case anyone asks anyway.
 */
export class WawpProvider implements Provider {
  readonly kind = 'wawp';
  readonly capabilities = {
    preview: false,
    refresh: true,
    tellsHiddenFromNotSet: false,
    setGroupPicture: [],
    deleteGroupPicture: false,
  } as const;
  readonly #http: ProviderHttp;
  readonly #credentials: { instance_id: string; access_token: string };

  constructor(options: { http: ProviderHttp; session: string; apiKey: string }) {
    this.#http = options.http;
    this.#credentials = { instance_id: options.session, access_token: options.apiKey };
  }

  async fetchPicture({ jid, refresh, signal }: ProviderPictureRequest): Promise<ProviderPicture> {
    const id = jidForProvider(jid, 'c.us');
    const query = { ...this.#credentials, refresh: refresh ? 'true' : undefined };
    const [path, extra] =
      jid.kind === 'person'
        ? ['/v2/contacts/profile-picture', { contactId: id }]
        : jid.kind === 'group'
          ? [`/v2/groups/${encodeURIComponent(id)}/picture`, {}]
          : ['/v2/chats/picture', { chatId: id }];
    const response = await this.#http.request({ method: 'GET', path, query: { ...query, ...extra }, signal });
    if (response.status === 200) {
      return pictureAt('Wawp', response, ['url'], ['profilePictureURL'], ['picture', 'url']);
    }
    if (response.status === 404) {
      // A dropped WhatsApp session is reported as 404 `invalid_session`; any other 404 is Wawp's
      // documented answer for a picture it cannot show.
      if (text(response.body, 'code') === 'invalid_session') {
        throw new AppError('SESSION_NOT_READY', 'The Wawp instance is not connected to WhatsApp');
      }
      return NONE;
    }
    throw httpFailure('Wawp', response);
  }

  async setGroupPicture(): Promise<GroupPictureWritten> {
    throw notSupported('Wawp', 'set group pictures: its v2 API documents no route for it');
  }

  async deleteGroupPicture(): Promise<GroupPictureWritten> {
    throw notSupported('Wawp', 'remove group pictures: its v2 API documents no route for it');
  }
}
