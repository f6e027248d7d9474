import { AppError, type Refusal } from '../errors.js';
import { jidForProvider, type Jid } from '../pictures/jid.js';
import { field, httpFailure, pictureAt, text, writeFailure } from './answers.js';
import type { ProviderHttp, ProviderResponse } from './http.js';
import type {
  DeleteGroupPictureRequest,
  GroupPictureWritten,
  Provider,
  ProviderPicture,
  ProviderPictureRequest,
  SetGroupPictureRequest,
} from './provider.js';
import { notSupported } from './refusals.js';

const FILENAME = 'group-picture.jpg';

/**
 * WAHA (devlikeapro/waha). Its engines swallow every picture failure into `null` and cache that
 * for 24 h, so "no picture" and "hidden" are indistinguishable (NONE), and `refresh=true` is the
 * way past its cache. There is no preview size.
 *
 * Group pictures are written by WAHA Plus only: every Core engine (NOWEB, GOWS, WEBJS) answers the
 * set and delete routes with 501 (`session.abc.ts` setGroupPicture/deleteGroupPicture throw
 * NotImplementedByEngineError), which becomes NOT_SUPPORTED_BY_PROVIDER. The capabilities declare
 * what Plus does; WAHA cannot tell us its edition before we try. After a write WAHA re-reads the
 * picture into its cache only 3 s later (`updateGroupPicture`), so a read before that needs refresh.
 */
export class WahaProvider implements Provider {
  readonly kind = 'waha';
  readonly capabilities = {
    preview: false,
    refresh: true,
    tellsHiddenFromNotSet: false,
    setGroupPicture: ['bytes', 'url'],
    deleteGroupPicture: true,
  } as const;
  readonly #http: ProviderHttp;
  readonly #session: string;
  readonly #headers: Record<string, string>;

  constructor(options: { http: ProviderHttp; session: string; apiKey: string | null }) {
    this.#http = options.http;
    this.#session = options.session;
    this.#headers = options.apiKey === null ? {} : { 'x-api-key': options.apiKey };
  }

  async fetchPicture({ jid, refresh, signal }: ProviderPictureRequest): Promise<ProviderPicture> {
    const refreshQuery = { refresh: refresh ? 'true' : undefined };
    if (jid.kind === 'person') {
      const query = { contactId: jidForProvider(jid, 'c.us'), session: this.#session, ...refreshQuery };
      const response = await this.#get('/api/contacts/profile-picture', query, signal);
      return pictureAt('WAHA', response, ['profilePictureURL']);
    }
    const response = await this.#get(this.#picturePath(jid), refreshQuery, signal);
    return pictureAt('WAHA', response, ['url']);
  }

  /** `ProfilePictureRequest {file: BinaryFile | RemoteFile}` (`profile.dto.ts` L37-45, `files.dto.ts`). */
  async setGroupPicture({ jid, image, signal }: SetGroupPictureRequest): Promise<GroupPictureWritten> {
    const file =
      image.form === 'bytes'
        ? { mimetype: image.mimetype, filename: FILENAME, data: image.bytes.toString('base64') }
        : // The intake checked the URL but hands over no type; WhatsApp wants a JPEG either way.
          { mimetype: 'image/jpeg', url: image.url };
    return this.#write('PUT', jid, { file }, signal);
  }

  async deleteGroupPicture({ jid, signal }: DeleteGroupPictureRequest): Promise<GroupPictureWritten> {
    return this.#write('DELETE', jid, undefined, signal);
  }

  async #write(method: 'PUT' | 'DELETE', jid: Jid, json: unknown, signal: AbortSignal): Promise<GroupPictureWritten> {
    const response = await this.#http.request({ method, path: this.#picturePath(jid), headers: this.#headers, json, signal });
    if (response.status === 200 || response.status === 201) {
      // `{"success": true}` and nothing else: WAHA returns no picture id (`groups.controller.ts` L177-200).
      return { pictureId: null };
    }
    throw this.#writeFailure(response);
  }

  #writeFailure(response: ProviderResponse): Refusal | AppError {
    if (response.status === 501) {
      return notSupported('WAHA Core', "change group pictures: that needs WAHA Plus (Core's engines answer 501)");
    }
    return this.#sessionFailure(response) ?? writeFailure('WAHA', response);
  }

  /** A group's or a chat's picture route, read and written alike (a person's is a route of its own). */
  #picturePath(jid: Jid): string {
    const collection = jid.kind === 'group' ? 'groups' : 'chats';
    return `/api/${encodeURIComponent(this.#session)}/${collection}/${encodeURIComponent(jidForProvider(jid, 'c.us'))}/picture`;
  }

  async #get(path: string, query: Record<string, string | undefined>, signal: AbortSignal): Promise<ProviderResponse> {
    const response = await this.#http.request({ method: 'GET', path, query, headers: this.#headers, signal });
    if (response.status === 200) {
      return response;
    }
    throw this.#sessionFailure(response) ?? httpFailure('WAHA', response);
  }

  /** The session manager answers 422 both for a missing session and for one that is not WORKING. */
  #sessionFailure(response: ProviderResponse): AppError | null {
    if (response.status !== 422) {
      return null;
    }
    const error = text(response.body, 'error') ?? '';
    if (/does not exist/i.test(error)) {
      return new AppError('UNKNOWN_SESSION', 'WAHA does not know this session');
    }
    if (field(response.body, 'expected') !== undefined || /status/i.test(error)) {
      const status = text(response.body, 'status');
      return new AppError('SESSION_NOT_READY', `The WAHA session is not ready${status ? ` (${status})` : ''}`);
    }
    return null;
  }
}
