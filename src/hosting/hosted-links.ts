import type { Picture } from '../pictures/picture.js';
import { pictureId } from '../pictures/picture-identity.js';
import type { PictureView } from '../pictures/picture-view.js';
import type { AskRecorder } from './ask-recorder.js';
import { normaliseInitials } from './initials.js';
import { hostedBasePath, identiconPath, initialsPath, type HostedSize } from './picture-paths.js';
import type { StoreHealth } from './store-health.js';
import type { UrlKeys } from './url-keys.js';

export interface HostedLinksOptions {
  /** Where browsers reach this process; read once, on the first link (port 0 knows it late). */
  readonly publicUrl: () => string;
  readonly keys: UrlKeys;
  /** Null when hosting is off: `hostedUrl` is then always null. */
  readonly hosting: { readonly health: StoreHealth; readonly asks: AskRecorder } | null;
}

/**
 * `hostedUrl` and `displayUrl` on the warm path: no I/O and, for full-size pictures, no hashing.
 * The URL is the session's memoised key plus the picture's own `id` (already a hash of JID, size
 * and version), so a re-signed CDN URL gives the same hosted URL and a new version a new one. The
 * ask is noted for the background record writer, which the route needs on first view.
 */
export class HostedLinks {
  readonly #options: HostedLinksOptions;
  // A preview picture's id names its preview; its copy is the full picture's, whose id is one hash away.
  readonly #fullIds = new WeakMap<Picture, string>();
  #base: string | undefined;

  constructor(options: HostedLinksOptions) {
    this.#options = options;
  }

  /** Our durable URL of the picture; null unless AVAILABLE, and while the store is away or full. */
  hostedUrl(view: PictureView, size: HostedSize): string | null {
    view.hostedBase ??= this.#hostedBase(view);
    return view.hostedBase === null ? null : `${view.hostedBase}${size}`;
  }

  /** Computed once per picture per answer: the URL up to its size, and the ask noted. */
  #hostedBase(view: PictureView): string | null {
    const { hosting, keys } = this.#options;
    const { picture } = view;
    if (hosting === null || picture.status !== 'AVAILABLE' || picture.version === null || !hosting.health.serving) {
      return null;
    }
    const pictureKey = picture.preview ? this.#fullId(view, picture.version) : (picture.id as string);
    const sessionKey = keys.sessionKey(view.session);
    hosting.asks.note(sessionKey, pictureKey, view.jid.canonical);
    return this.#url(hostedBasePath(sessionKey, pictureKey));
  }

  /**
   * Never null: the hosted picture; the CDN URL when the store cannot host it now; otherwise the
   * avatar: the given initials on the JID's colour, or the JID's identicon.
   */
  displayUrl(view: PictureView, initials: string | null | undefined, size: HostedSize): string {
    const hosted = this.hostedUrl(view, size);
    if (hosted !== null) {
      return hosted;
    }
    if (view.picture.status === 'AVAILABLE' && view.picture.url !== null) {
      return view.picture.url;
    }
    const seed = this.#options.keys.avatarSeed(view.jid);
    const letters = initials === null || initials === undefined ? '' : normaliseInitials(initials);
    return this.#url(letters === '' ? identiconPath(seed, size) : initialsPath(seed, size, letters));
  }

  #fullId(view: PictureView, version: string): string {
    let id = this.#fullIds.get(view.picture);
    if (id === undefined) {
      id = pictureId(view.jid, false, version);
      this.#fullIds.set(view.picture, id);
    }
    return id;
  }

  #url(path: string): string {
    this.#base ??= this.#options.publicUrl();
    return `${this.#base}${path}`;
  }
}
