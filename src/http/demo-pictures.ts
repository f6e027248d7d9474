import type { ServerResponse } from 'node:http';
import { renderDemoAvatar } from '../providers/demo-avatar.js';
import { parseDemoPictureUrl } from '../providers/demo.js';

/**
 * Serves the demo provider's pictures the way WhatsApp's CDN serves real ones: an image until the
 * URL's `oe` expiry, then 403 "URL signature expired", so clients see the expiry handling work.
 */
export function serveDemoPicture(response: ServerResponse, url: URL, now: number): void {
  const address = parseDemoPictureUrl(url.pathname, url.searchParams);
  if (address === null) {
    response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
    return;
  }
  if (address.expiresAt <= now) {
    response.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' }).end('URL signature expired');
    return;
  }
  const body = renderDemoAvatar(address.jid, address.size);
  response.writeHead(200, {
    'content-type': 'image/svg+xml',
    'content-length': Buffer.byteLength(body),
    'cache-control': `public, max-age=${Math.floor((address.expiresAt - now) / 1000)}, immutable`,
    // An SVG opened directly is a document; it must never run script or load anything.
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    'x-content-type-options': 'nosniff',
    'cross-origin-resource-policy': 'cross-origin',
  });
  response.end(body);
}
