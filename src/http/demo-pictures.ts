import type { ServerResponse } from 'node:http';
import type { Jid } from '../pictures/jid.js';
import { renderDemoAvatar } from '../providers/demo-avatar.js';
import { demoExpiry, DemoProvider, parseDemoPictureUrl, parseStoredDemoPictureUrl } from '../providers/demo.js';
import type { SessionRegistry } from '../sessions.js';

/**
 * Serves the demo provider's pictures the way WhatsApp's CDN serves real ones: an image until the
 * URL's `oe` expiry, then 403 "URL signature expired", so clients see the expiry handling work.
 * Generated pictures are JPEGs anyone may ask for (drawn once per JID and size, then kept in a
 * small memo); written group pictures are JPEGs held by the demo provider of the session named in
 * the URL, and only while they are that group's current one. The route exists only where a session
 * uses the demo provider.
 */
export async function serveDemoPicture(response: ServerResponse, url: URL, now: number, sessions: SessionRegistry): Promise<void> {
  const stored = parseStoredDemoPictureUrl(url.pathname, url.searchParams);
  const generated = stored === null ? parseDemoPictureUrl(url.pathname, url.searchParams) : null;
  const address = stored ?? generated;
  if (address === null) {
    notFound(response);
    return;
  }
  if (address.expiresAt <= now) {
    response.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' }).end('URL signature expired');
    return;
  }
  // The URL's `oe` is not signed: a URL edited to expire in 2106 still expires, for caches, when
  // the latest URL the demo could have handed out does.
  const maxAge = Math.floor((Math.min(address.expiresAt, demoExpiry(now)) - now) / 1000);
  if (stored !== null) {
    const provider = sessions.get(stored.session)?.provider;
    const body = provider instanceof DemoProvider ? provider.storedPicture(stored.jid, stored.version, stored.size) : null;
    if (body === null) {
      notFound(response);
    } else {
      sendImage(response, body, 'image/jpeg', maxAge);
    }
    return;
  }
  sendImage(response, await drawnPicture(address.jid, address.size), 'image/jpeg', maxAge);
}

const MAX_GENERATED = 256;
const drawn = new Map<string, Promise<Buffer>>();

/** Drawing a picture takes milliseconds; a gallery asks for the same few again and again. */
function drawnPicture(jid: Jid, size: 'full' | 'preview'): Promise<Buffer> {
  const key = `${jid.canonical}/${size}`;
  let picture = drawn.get(key);
  if (picture === undefined) {
    if (drawn.size >= MAX_GENERATED) {
      drawn.delete(drawn.keys().next().value as string);
    }
    picture = renderDemoAvatar(jid, size);
    drawn.set(key, picture);
    picture.catch(() => drawn.delete(key));
  }
  return picture;
}

function notFound(response: ServerResponse): void {
  response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
}

function sendImage(response: ServerResponse, body: Buffer, type: string, maxAge: number): void {
  response.writeHead(200, {
    'content-type': type,
    'content-length': body.length,
    'cache-control': `public, max-age=${maxAge}, immutable`,
    'x-content-type-options': 'nosniff',
    'cross-origin-resource-policy': 'cross-origin',
  });
  response.end(body);
}
