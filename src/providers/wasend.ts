import { AppError, type Refusal } from '../errors.js';
import { jidForProvider, type Jid } from '../pictures/jid.js';
import {
  field,
  hasUrlField,
  httpFailure,
  isObject,
  NONE,
  notAPictureAnswer,
  pictureAt,
  pictureOrNone,
  text,
  writeFailure,
} from './answers.js';
import type { ProviderHttp, ProviderResponse } from './http.js';
import type {
  DeleteGroupPictureRequest,
  GroupPictureWritten,
  Provider,
  ProviderPicture,
  ProviderPictureRequest,
  SetGroupPictureRequest,
} from './provider.js';
import { groupNotFound, notGroupAdmin, notSupported } from './refusals.js';

/**
 * Wasend (api.wasend.dev): WAHA's paths without `/api`, a bearer key, WAHA's 24 h cache behind
 * `refresh`. Its docs and SDK disagree on the group picture answer (`picture.url` or `url`): both
 * are read.
 *
 * A new group picture goes by URL only: `ProfilePictureRequest {url, format?, cropToSquare?}` has
 * no field for bytes (wasend-core 1.3.3 `lib/groups.d.ts` L328-343; wasend.dev/docs/groups/set-picture).
 * Unlike the other providers it answers a refusal with a status of its own (403, 404, 422, 429).
 */
export class WasendProvider implements Provider {
  readonly kind = 'wasend';
  readonly capabilities = {
    preview: false,
    refresh: true,
    tellsHiddenFromNotSet: false,
    setGroupPicture: ['url'],
    deleteGroupPicture: true,
  } as const;
  readonly #http: ProviderHttp;
  readonly #session: string;
  readonly #headers: Record<string, string>;

  constructor(options: { http: ProviderHttp; session: string; apiKey: string }) {
    this.#http = options.http;
    this.#session = options.session;
    this.#headers = { authorization: `Bearer ${options.apiKey}` };
  }

  async fetchPicture({ jid, refresh, signal }: ProviderPictureRequest): Promise<ProviderPicture> {
    const refreshQuery = { refresh: refresh ? 'true' : undefined };
    const [path, query] =
      jid.kind === 'person'
        ? ['/contacts/profile-picture', { session: this.#session, contactId: jidForProvider(jid, 'c.us'), ...refreshQuery }]
        : [this.#picturePath(jid), refreshQuery];
    const response = await this.#http.request({ method: 'GET', path, query, headers: this.#headers, signal });
    if (response.status === 200) {
      if (jid.kind !== 'person' && jid.kind !== 'group') {
        // The chats route's `ChatPictureResponse {url?, file?, mimetype?}`: no url at all is its answer for "none".
        const { body } = response;
        if (!isObject(body) || (Object.hasOwn(body, 'url') && !hasUrlField(body, 'url'))) {
          throw notAPictureAnswer('Wasend', response.status);
        }
        return pictureOrNone(field(body, 'url'));
      }
      return pictureAt('Wasend', response, ['picture', 'url'], ['url']);
    }
    if (response.status === 404) {
      const missing = this.#sessionMissing(response);
      if (missing !== null) {
        throw missing;
      }
      return NONE;
    }
    throw httpFailure('Wasend', response);
  }

  async setGroupPicture({ jid, image, signal }: SetGroupPictureRequest): Promise<GroupPictureWritten> {
    if (image.form !== 'url') {
      throw notSupported('Wasend', 'take a group picture as bytes: it downloads the picture from a URL itself');
    }
    // Our image is already a square JPEG; the options restate Wasend's defaults so a change of them cannot surprise us.
    return this.#write('PUT', jid, { url: image.url, format: 'jpeg', cropToSquare: true }, signal);
  }

  async deleteGroupPicture({ jid, signal }: DeleteGroupPictureRequest): Promise<GroupPictureWritten> {
    return this.#write('DELETE', jid, undefined, signal);
  }

  /** A group's or a chat's picture route, read and written alike (a person's is a route of its own). */
  #picturePath(jid: Jid): string {
    const collection = jid.kind === 'group' ? 'groups' : 'chats';
    return `/${encodeURIComponent(this.#session)}/${collection}/${encodeURIComponent(jidForProvider(jid, 'c.us'))}/picture`;
  }

  async #write(method: 'PUT' | 'DELETE', jid: Jid, json: unknown, signal: AbortSignal): Promise<GroupPictureWritten> {
    const response = await this.#http.request({ method, path: this.#picturePath(jid), headers: this.#headers, json, signal });
    if (response.status === 200 || response.status === 201) {
      // `{success, url?, message}`: the url is the picture's new CDN address at best, not an id.
      return { pictureId: null };
    }
    throw this.#writeFailure(response);
  }

  /** The documented set-picture errors (docs/groups/set-picture; providers.md §3). */
  #writeFailure(response: ProviderResponse): Refusal | AppError {
    if (response.status === 403) {
      // Not an admin of a group whose info only admins may edit (`infoAdminOnly`); a bad key is 401.
      return notGroupAdmin();
    }
    if (response.status === 404) {
      return this.#sessionMissing(response) ?? groupNotFound();
    }
    return writeFailure('Wasend', response);
  }

  /** A 404 is "session or group not found"; only the message tells which. */
  #sessionMissing(response: ProviderResponse): AppError | null {
    return /session/i.test(text(response.body, 'message') ?? text(response.body, 'error') ?? '')
      ? new AppError('UNKNOWN_SESSION', 'Wasend does not know this session')
      : null;
  }
}
