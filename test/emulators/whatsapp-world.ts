import { imageKind } from './images.js';

/**
 * What WhatsApp itself knows, shared by every emulator: for each account, whether it has a
 * picture, none, or one hidden from us by privacy, and the CDN URLs that serve it; for each group,
 * whether our account may change its picture.
 *
 * By default the last digit of the user part decides, as in the demo provider (0–5 picture,
 * 6–7 not set, 8–9 hidden); tests override single JIDs with `set`. Every group is one we are a
 * member of, unlocked, so any member may change its picture, until `setGroup` says otherwise.
 */
export type WorldPicture =
  { readonly kind: 'picture'; readonly pictureId: string } | { readonly kind: 'not-set' } | { readonly kind: 'hidden' };

/** What decides whether WhatsApp lets our account change a group's picture. */
export interface WorldGroup {
  /** We are in the group; for a group we are not in (or that does not exist) WhatsApp answers 404. */
  readonly member: boolean;
  /** The group's "restrict" setting: only admins may edit its info (subject, description, icon). */
  readonly locked: boolean;
  readonly admin: boolean;
}

/** WhatsApp's answer to an IQ it refuses: the code and text of its `<error>` node (whatsmeow `errors.go` L186-200). */
export interface IqError {
  readonly code: number;
  readonly text: string;
}

export type PictureChange = { readonly ok: true; readonly pictureId: string } | { readonly ok: false; readonly error: IqError };

const DEFAULT_GROUP: WorldGroup = { member: true, locked: false, admin: false };

const IQ_TEXTS: Record<number, string> = {
  401: 'not-authorized',
  403: 'forbidden',
  404: 'item-not-found',
  406: 'not-acceptable',
  429: 'rate-overlimit',
};

function iqError(code: number): PictureChange {
  return { ok: false, error: { code, text: IQ_TEXTS[code] ?? 'internal-server-error' } };
}

export class WhatsAppWorld {
  readonly #overrides = new Map<string, WorldPicture>();
  readonly #groups = new Map<string, WorldGroup>();
  readonly #images = new Map<string, Buffer>();
  readonly #pictureBytes = new Map<string, Buffer>();
  #signature = 0;
  /**
   * Where the CDN URLs point: WhatsApp's own host by default; tests that download the pictures
   * serve them on loopback (`startWhatsAppCdn`) and point this at that server.
   */
  cdnOrigin = 'https://pps.whatsapp.net';
  /** The clock that signs CDN URLs (their `oe` is two days after it). */
  now: () => number = Date.now;
  #throttled = 0;
  // whatsmeow picture ids are decimal numbers (a Unix time in older ones); any fresh number will do.
  #nextPictureId = 1_760_000_000;
  /**
   * Which refusal WhatsApp sends a member who may not edit a locked group: 401 `not-authorized` or
   * 403 `forbidden` (provider-writes-and-events.md §4.2 leaves it open), so tests can try both.
   */
  notAllowedAs: 401 | 403 = 403;

  /** `user` is the part before the @ (a phone number, LID, group or channel id). */
  set(user: string, picture: WorldPicture): void {
    this.#overrides.set(user, picture);
  }

  lookup(user: string): WorldPicture {
    const override = this.#overrides.get(user);
    if (override !== undefined) {
      return override;
    }
    const lastDigit = Number(user.at(-1));
    if (Number.isNaN(lastDigit) || lastDigit <= 5) {
      return { kind: 'picture', pictureId: `${user.replace(/\D/g, '').slice(-10)}1` };
    }
    return lastDigit <= 7 ? { kind: 'not-set' } : { kind: 'hidden' };
  }

  setGroup(user: string, group: Partial<WorldGroup>): void {
    this.#groups.set(user, { ...this.group(user), ...group });
  }

  group(user: string): WorldGroup {
    return this.#groups.get(user) ?? DEFAULT_GROUP;
  }

  /** The next `times` picture changes are refused with 429 `rate-overlimit`, as WhatsApp does to frequent changes. */
  throttle(times = 1): void {
    this.#throttled += times;
  }

  /**
   * A `w:profile:picture` set IQ for a group: `jpeg` is what the engine sends (it re-encodes to
   * JPEG first, or passes our JPEG on), null removes the picture. On success the group's picture
   * gets a new id, so its CDN path changes and reads show the new picture.
   */
  changeGroupPicture(user: string, jpeg: Buffer | null): PictureChange {
    if (this.#throttled > 0) {
      this.#throttled -= 1;
      return iqError(429);
    }
    const group = this.group(user);
    if (!group.member) {
      return iqError(404);
    }
    if (group.locked && !group.admin) {
      return iqError(this.notAllowedAs);
    }
    if (jpeg !== null && imageKind(jpeg) !== 'jpeg') {
      return iqError(406);
    }
    if (jpeg === null) {
      this.#images.delete(user);
      this.set(user, { kind: 'not-set' });
      return { ok: true, pictureId: 'remove' };
    }
    this.#nextPictureId += 1;
    const pictureId = String(this.#nextPictureId);
    this.#images.set(user, jpeg);
    this.#pictureBytes.set(pictureId, jpeg);
    this.set(user, { kind: 'picture', pictureId });
    return { ok: true, pictureId };
  }

  /** The bytes WhatsApp holds as the group's picture since the last change, if any. */
  imageOf(user: string): Buffer | undefined {
    return this.#images.get(user);
  }

  /** The bytes of a picture set through a write, by its picture id. */
  pictureBytes(pictureId: string): Buffer | undefined {
    return this.#pictureBytes.get(pictureId);
  }

  /** A pps.whatsapp.net URL in WhatsApp's shape: the path names the picture, the query is signed anew each time. */
  cdnUrl(pictureId: string, preview: boolean, now = this.now()): string {
    this.#signature += 1;
    const oe = Math.floor(now / 1000 + 2 * 86_400)
      .toString(16)
      .toUpperCase();
    const size = preview ? 's96x96' : 's640x640';
    return `${this.cdnOrigin}/v/t61.24694-24/${size}/${pictureId}_n.jpg?ccb=11-4&oh=01_Q5Aa${this.#signature.toString(36)}&oe=${oe}&_nc_sid=e6ed6c&_nc_cat=111`;
  }
}
