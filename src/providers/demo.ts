import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { Refusal } from '../errors.js';
import { parseJid, type Jid } from '../pictures/jid.js';
import type { PictureStatus } from '../pictures/picture.js';
import { NOT_SET } from './answers.js';
import { DemoPictureStore } from './demo-store.js';
import type {
  DeleteGroupPictureRequest,
  GroupPictureWritten,
  Provider,
  ProviderPicture,
  ProviderPictureRequest,
  SetGroupPictureRequest,
} from './provider.js';
import { invalidImage, notSupported } from './refusals.js';

/**
 * A provider that needs no WhatsApp account, so the whole product can be tried at once. Its answer
 * depends only on the JID's last digit (0–5: a picture, 6–7: none set, 8–9: hidden by privacy),
 * and its pictures are JPEGs this process serves itself, behind URLs that expire like WhatsApp's.
 *
 * Group pictures can be written: a set picture is kept in memory (bounded, see DemoPictureStore)
 * and served by this process until the group's picture is set again or removed; a removed one is
 * NOT_SET. Nothing is written anywhere else, so a restart forgets every write.
 */

export const DEMO_PICTURE_ROUTE = '/demo-pictures/';

const GENERATED_PICTURE_ID = 'generated';

const WINDOW_MS = 6 * 60 * 60 * 1000;
const PREVIEW_PIXELS = 96;
/** The service hands over a normalised JPEG of at most 100 KB; anything far larger is refused, to bound memory. */
const MAX_STORED_BYTES = 256 * 1024;
/** Well above the 640 px the intake produces; stops a decompression bomb before it is decoded. */
const MAX_INPUT_PIXELS = 2048 * 2048;
const DEFAULT_MAX_STORED_GROUPS = 256;

export type DemoPictureSize = 'full' | 'preview';

function demoStatus(jid: Jid): PictureStatus {
  const lastDigit = Number(jid.user.at(-1));
  if (lastDigit <= 5) {
    return 'AVAILABLE';
  }
  return lastDigit <= 7 ? 'NOT_SET' : 'HIDDEN';
}

/**
 * Like pps.whatsapp.net, a URL is signed until `oe` (hex Unix seconds): here the end of the next
 * six-hour window, so the URL stays the same for a while and always lives at least six hours. No
 * URL handed out before `now` expires later than this.
 */
export function demoExpiry(now: number): number {
  return (Math.ceil(now / WINDOW_MS) + 1) * WINDOW_MS;
}

export interface DemoProviderOptions {
  /** Read per call: with port 0 the address is known only after listening. */
  readonly baseUrl: () => string;
  /** The session's name, so the picture route can find this provider again (default "default"). */
  readonly session?: string;
  readonly now?: () => number;
  /** Most groups whose written picture is kept (default 256). */
  readonly maxStoredGroups?: number;
}

export class DemoProvider implements Provider {
  readonly kind = 'demo';
  readonly capabilities = {
    preview: true,
    refresh: false,
    tellsHiddenFromNotSet: true,
    setGroupPicture: ['bytes'],
    deleteGroupPicture: true,
  } as const;
  readonly #baseUrl: () => string;
  readonly #session: string;
  readonly #now: () => number;
  readonly #store: DemoPictureStore;
  #writes = 0;

  constructor(options: DemoProviderOptions) {
    this.#baseUrl = options.baseUrl;
    this.#session = options.session ?? 'default';
    this.#now = options.now ?? Date.now;
    this.#store = new DemoPictureStore(options.maxStoredGroups ?? DEFAULT_MAX_STORED_GROUPS);
  }

  async fetchPicture({ jid, preview }: ProviderPictureRequest): Promise<ProviderPicture> {
    const oe = Math.floor(demoExpiry(this.#now()) / 1000).toString(16);
    const size: DemoPictureSize = preview ? 'preview' : 'full';
    const written = jid.kind === 'group' ? this.#store.get(jid.canonical) : undefined;
    if (written === 'removed') {
      return NOT_SET;
    }
    if (written !== undefined) {
      const path = `${encodeURIComponent(this.#session)}/${jid.canonical}/${written.version}/${size}.jpg`;
      return { status: 'AVAILABLE', url: `${this.#baseUrl()}${DEMO_PICTURE_ROUTE}${path}?oe=${oe}`, id: written.version, preview };
    }
    const status = demoStatus(jid);
    if (status !== 'AVAILABLE') {
      return { status, url: null, id: null, preview: false };
    }
    const url = `${this.#baseUrl()}${DEMO_PICTURE_ROUTE}${jid.canonical}/${size}.jpg?oe=${oe}`;
    // The generated picture of a JID never changes: one version for both sizes, like a real picture id.
    return { status, url, id: GENERATED_PICTURE_ID, preview };
  }

  async setGroupPicture({ jid, image }: SetGroupPictureRequest): Promise<GroupPictureWritten> {
    this.#assertGroup(jid);
    if (image.form !== 'bytes') {
      throw notSupported('The demo provider', 'download a group picture from a URL');
    }
    if (image.bytes.length > MAX_STORED_BYTES) {
      throw new Refusal('IMAGE_TOO_LARGE', `The demo provider keeps pictures of at most ${MAX_STORED_BYTES / 1024} KB`, {
        field: ['image'],
      });
    }
    const preview = await previewOf(image.bytes);
    this.#writes += 1;
    // A counter and the bytes' digest: a new id on every set, even of the same image.
    const digest = createHash('sha256').update(image.bytes).digest('hex').slice(0, 10);
    const version = `${this.#writes.toString(36)}-${digest}`;
    this.#store.put(jid.canonical, { version, full: Buffer.from(image.bytes), preview });
    return { pictureId: version };
  }

  async deleteGroupPicture({ jid }: DeleteGroupPictureRequest): Promise<GroupPictureWritten> {
    this.#assertGroup(jid);
    this.#store.put(jid.canonical, 'removed');
    return { pictureId: null };
  }

  /** The bytes of a written picture, if `version` is still the group's current one. */
  storedPicture(jid: Jid, version: string, size: DemoPictureSize): Buffer | null {
    const written = this.#store.get(jid.canonical);
    if (written === undefined || written === 'removed' || written.version !== version) {
      return null;
    }
    return size === 'preview' ? written.preview : written.full;
  }

  #assertGroup(jid: Jid): void {
    if (jid.kind !== 'group') {
      throw new Refusal('INVALID_GROUP_ID', 'Only a group has a picture that can be changed', { field: ['groupId'] });
    }
  }
}

/** A real 96 px JPEG, made once at set time; a body that does not decode as a JPEG is refused as WhatsApp would. */
async function previewOf(bytes: Buffer): Promise<Buffer> {
  try {
    const image = sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS });
    if ((await image.metadata()).format !== 'jpeg') {
      throw invalidImage();
    }
    return await image.resize(PREVIEW_PIXELS, PREVIEW_PIXELS, { fit: 'cover' }).jpeg({ quality: 80 }).toBuffer();
  } catch (error) {
    throw error instanceof Refusal ? error : invalidImage();
  }
}

export interface DemoPictureAddress {
  readonly jid: Jid;
  readonly size: DemoPictureSize;
  readonly expiresAt: number;
}

export interface StoredDemoPictureAddress extends DemoPictureAddress {
  /** The name of the session whose demo provider holds the picture. */
  readonly session: string;
  readonly version: string;
}

function expiry(search: URLSearchParams): number | null {
  const oe = search.get('oe');
  return oe !== null && /^[0-9a-f]{1,12}$/.test(oe) ? Number.parseInt(oe, 16) * 1000 : null;
}

function jidOf(segment: string): Jid | null {
  try {
    return parseJid(decodeURIComponent(segment));
  } catch {
    return null;
  }
}

/** Reads a generated demo picture URL's path and query back; null for anything the demo never handed out. */
export function parseDemoPictureUrl(pathname: string, search: URLSearchParams): DemoPictureAddress | null {
  const match = /^\/demo-pictures\/([^/]+)\/(full|preview)\.jpg$/.exec(pathname);
  const expiresAt = expiry(search);
  const jid = match === null ? null : jidOf(match[1] as string);
  if (jid === null || expiresAt === null || demoStatus(jid) !== 'AVAILABLE') {
    return null;
  }
  return { jid, size: match?.[2] as DemoPictureSize, expiresAt };
}

/** Reads a written group picture's URL back: `/demo-pictures/<session>/<group jid>/<version>/<size>.jpg?oe=`. */
export function parseStoredDemoPictureUrl(pathname: string, search: URLSearchParams): StoredDemoPictureAddress | null {
  const match = /^\/demo-pictures\/([\w.-]{1,64})\/([^/]+)\/([0-9a-z]{1,13}-[0-9a-f]{10})\/(full|preview)\.jpg$/.exec(pathname);
  const expiresAt = expiry(search);
  const jid = match === null ? null : jidOf(match[2] as string);
  if (match === null || jid === null || jid.kind !== 'group' || expiresAt === null) {
    return null;
  }
  return { session: match[1] as string, jid, version: match[3] as string, size: match[4] as DemoPictureSize, expiresAt };
}
