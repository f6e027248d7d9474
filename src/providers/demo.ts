import { parseJid, type Jid } from '../pictures/jid.js';
import type { PictureStatus } from '../pictures/picture.js';
import type { Provider, ProviderPicture, ProviderPictureRequest } from './provider.js';

/**
 * A provider that needs no WhatsApp account, so the whole product can be tried at once. Its answer
 * depends only on the JID's last digit (0–5: a picture, 6–7: none set, 8–9: hidden by privacy),
 * and its pictures are images this process serves itself, behind URLs that expire like WhatsApp's.
 */

export const DEMO_PICTURE_ROUTE = '/demo-pictures/';

const WINDOW_MS = 6 * 60 * 60 * 1000;

export function demoStatus(jid: Jid): PictureStatus {
  const lastDigit = Number(jid.user.at(-1));
  if (lastDigit <= 5) {
    return 'AVAILABLE';
  }
  return lastDigit <= 7 ? 'NOT_SET' : 'HIDDEN';
}

/**
 * Like pps.whatsapp.net, a URL is signed until `oe` (hex Unix seconds): here the end of the next
 * six-hour window, so the URL stays the same for a while and always lives at least six hours.
 */
function demoExpiry(now: number): number {
  return (Math.ceil(now / WINDOW_MS) + 1) * WINDOW_MS;
}

export class DemoProvider implements Provider {
  readonly kind = 'demo';
  readonly capabilities = { preview: true, refresh: false, tellsHiddenFromNotSet: true } as const;
  readonly #baseUrl: () => string;
  readonly #now: () => number;

  /** `baseUrl` is read per call: with port 0 the address is known only after listening. */
  constructor(options: { baseUrl: () => string; now?: () => number }) {
    this.#baseUrl = options.baseUrl;
    this.#now = options.now ?? Date.now;
  }

  async fetchPicture({ jid, preview }: ProviderPictureRequest): Promise<ProviderPicture> {
    const status = demoStatus(jid);
    if (status !== 'AVAILABLE') {
      return { status, url: null, id: null, preview: false };
    }
    const oe = Math.floor(demoExpiry(this.#now()) / 1000).toString(16);
    const size = preview ? 'preview' : 'full';
    const url = `${this.#baseUrl()}${DEMO_PICTURE_ROUTE}${jid.canonical}/${size}.svg?oe=${oe}`;
    return { status, url, id: null, preview };
  }
}

export interface DemoPictureAddress {
  readonly jid: Jid;
  readonly size: 'full' | 'preview';
  readonly expiresAt: number;
}

/** Reads a demo picture URL's path and query back; null for anything the demo never handed out. */
export function parseDemoPictureUrl(pathname: string, search: URLSearchParams): DemoPictureAddress | null {
  const match = /^\/demo-pictures\/([^/]+)\/(full|preview)\.svg$/.exec(pathname);
  const oe = search.get('oe');
  if (match === null || oe === null || !/^[0-9a-f]{1,12}$/.test(oe)) {
    return null;
  }
  try {
    const jid = parseJid(decodeURIComponent(match[1] as string));
    return demoStatus(jid) === 'AVAILABLE'
      ? { jid, size: match[2] as 'full' | 'preview', expiresAt: Number.parseInt(oe, 16) * 1000 }
      : null;
  } catch {
    return null;
  }
}
