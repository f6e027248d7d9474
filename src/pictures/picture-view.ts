import type { Session } from '../session.js';
import type { Jid } from './jid.js';
import type { Picture, PictureStatus } from './picture.js';

/**
 * A picture as one request sees it: the cached picture (shared between requests) with the JID and
 * session it was loaded for, which `hostedUrl` and `displayUrl` need and the picture itself does
 * not carry. One small object per picture per request; the getters keep the schema's field names,
 * so the plain fields resolve without resolvers.
 */
export class PictureView {
  readonly picture: Picture;
  readonly jid: Jid;
  readonly session: Session;
  /**
   * The hosted URL of this picture without its size, once `hostedUrl` or `displayUrl` computed it
   * (null: none), so that the picture's other URL fields in the same answer cost a concatenation.
   */
  hostedBase: string | null | undefined = undefined;

  constructor(picture: Picture, jid: Jid, session: Session) {
    this.picture = picture;
    this.jid = jid;
    this.session = session;
  }

  get url(): string | null {
    return this.picture.url;
  }

  get id(): string | null {
    return this.picture.id;
  }

  get version(): string | null {
    return this.picture.version;
  }

  get status(): PictureStatus {
    return this.picture.status;
  }

  get preview(): boolean {
    return this.picture.preview;
  }

  get expiresAt(): Date | null {
    return this.picture.expiresAt;
  }

  get fetchedAt(): Date {
    return this.picture.fetchedAt;
  }
}
