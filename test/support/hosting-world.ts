import sharp from 'sharp';
import { startGowaEmulator } from '../emulators/gowa.js';
import { startWhatsAppCdn, type WhatsAppCdn } from '../emulators/whatsapp-cdn.js';
import { postGraphQL } from './start-subgraph.js';

export type Gowa = Awaited<ReturnType<typeof startGowaEmulator>>;

export interface HostingWorld {
  readonly gowa: Gowa;
  readonly cdn: WhatsAppCdn;
  /** A GoWA session whose CDN is the loopback one, allowlisted as the only source host. */
  readonly env: Record<string, string>;
  /** Picture reads GoWA has answered so far. */
  avatarReads(): number;
  close(): Promise<void>;
}

/** GoWA's emulator and WhatsApp's CDN on loopback; the subgraph's env points the CDN allowlist at it. */
export async function startHostingWorld(): Promise<HostingWorld> {
  const gowa = await startGowaEmulator();
  const cdn = await startWhatsAppCdn(gowa.world);
  return {
    gowa,
    cdn,
    env: {
      WA_PROVIDER: 'gowa',
      WA_BASE_URL: gowa.emulator.url,
      WA_SESSION: 'device-a',
      WA_USERNAME: gowa.basicAuth?.username ?? '',
      WA_PASSWORD: gowa.basicAuth?.password ?? '',
      // The loopback CDN is the only source, and (being loopback) exempt by name from the private-address rule.
      PICTURE_SOURCE_HOSTS: cdn.host,
      IMAGE_FETCH_ALLOW_HOSTS: cdn.host,
      REFRESH_MIN_INTERVAL_SECONDS: '0',
    },
    avatarReads: () => gowa.emulator.requests.filter((request) => request.path === '/user/avatar').length,
    close: async () => {
      await cdn.close();
      await gowa.emulator.close();
    },
  };
}

export interface HostedFields {
  readonly status: string;
  readonly url: string | null;
  readonly version: string | null;
  readonly hostedUrl: string | null;
  readonly small: string | null;
  readonly displayUrl: string;
}

const QUERY = `#graphql
  query Hosted($representations: [_Any!]!, $refresh: Boolean!) {
    _entities(representations: $representations) {
      ... on Chat { picture(refresh: $refresh) { status url version hostedUrl small: hostedUrl(size: SMALL) displayUrl } }
    }
  }
`;

/** A chat's picture with its hosted URLs, as a router asks for it. */
export async function hostedPicture(subgraph: string, id: string, refresh = false): Promise<HostedFields> {
  const { body } = await postGraphQL(subgraph, { query: QUERY, variables: { representations: [{ __typename: 'Chat', id }], refresh } });
  const entity = (body.data?._entities as Array<{ picture: HostedFields | null }> | undefined)?.[0];
  if (entity?.picture === null || entity?.picture === undefined) {
    throw new Error(`no picture for ${id}: ${JSON.stringify(body.errors)}`);
  }
  return entity.picture;
}

export interface Viewed {
  readonly status: number;
  readonly type: string | null;
  readonly etag: string | null;
  readonly headers: Headers;
  readonly bytes: Buffer;
}

/** What a browser's `<img>` gets (its Accept names WebP), or another client with `accept`. */
export async function view(url: string, accept = 'image/avif,image/webp,image/apng,image/*,*/*;q=0.8'): Promise<Viewed> {
  const response = await fetch(url, { headers: { accept } });
  const bytes = Buffer.from(await response.arrayBuffer());
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    etag: response.headers.get('etag'),
    headers: response.headers,
    bytes,
  };
}

/** The served image as a decoder sees it: format, size, the colour at its centre, whether it carries EXIF. */
export async function decoded(bytes: Buffer) {
  const metadata = await sharp(bytes).metadata();
  const { data } = await sharp(bytes)
    .extract({ left: Math.floor((metadata.width ?? 1) / 2), top: Math.floor((metadata.height ?? 1) / 2), width: 1, height: 1 })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return {
    format: metadata.format,
    width: metadata.width,
    height: metadata.height,
    exif: metadata.exif !== undefined,
    centre: { r: data[0] ?? 0, g: data[1] ?? 0, b: data[2] ?? 0 },
  };
}

/** Whether two colours agree within what lossy encoding moves them. */
export function near(a: { r: number; g: number; b: number }, b: { r: number; g: number; b: number }, tolerance = 12): boolean {
  return Math.abs(a.r - b.r) <= tolerance && Math.abs(a.g - b.g) <= tolerance && Math.abs(a.b - b.b) <= tolerance;
}
