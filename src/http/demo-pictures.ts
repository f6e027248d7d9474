import type { ServerResponse } from 'node:http';
import { renderDemoAvatar } from '../providers/demo-avatar.js';
import { demoExpiry, DemoProvider, parseDemoPictureUrl, parseStoredDemoPictureUrl } from '../providers/demo.js';
import type { SessionRegistry } from '../sessions.js';

/**
 * Serves the demo provider's pictures the way WhatsApp's CDN serves real ones: an image until the
 * URL's `oe` expiry, then 403 "URL signature expired", so clients see the expiry handling work.
 * Generated pictures are SVGs anyone may ask for; written group pictures are JPEGs held by the
 * demo provider of the session named in the URL, and only while they are that group's current one.
 * The route exists only where a session uses the demo provider.
 */
export function serveDemoPicture(response: ServerResponse, url: URL, now: number, sessions: SessionRegistry): void {
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
  // An SVG opened directly is a document; it must never run script or load anything.
  sendImage(response, Buffer.from(renderDemoAvatar(address.jid, address.size)), 'image/svg+xml', maxAge, {
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
  });
}

function notFound(response: ServerResponse): void {
  response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
}

function sendImage(response: ServerResponse, body: Buffer, type: string, maxAge: number, headers: Record<string, string> = {}): void {
  response.writeHead(200, {
    'content-type': type,
    'content-length': body.length,
    'cache-control': `public, max-age=${maxAge}, immutable`,
    'x-content-type-options': 'nosniff',
    'cross-origin-resource-policy': 'cross-origin',
    ...headers,
  });
  response.end(body);
}
