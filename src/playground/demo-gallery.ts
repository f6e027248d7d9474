import type { ServerResponse } from 'node:http';
import { DEMO_GALLERY_PAGE } from './demo-gallery-page.js';
import { DEMO_GALLERY_SCRIPT } from './demo-gallery-script.js';

export { DEMO_GALLERY_ROUTE, DEMO_GALLERY_SCRIPT_ROUTE } from './demo-gallery-routes.js';

/**
 * A page that shows at a glance what the product does: it asks the subgraph, as a router would,
 * for the pictures of a few chats and shows them, and lets a group's card change or remove its
 * picture. `?ids=a@c.us,b@g.us` shows other chats and `?session=name` another account. Its policy
 * lets it run script from this origin only and talk to this origin alone.
 */
const PAGE_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'unsafe-inline'",
  // Real providers' pictures come from WhatsApp's CDN; the demo's from this origin.
  "img-src 'self' https:",
  "connect-src 'self'",
  "base-uri 'none'",
  // The change forms never submit: the script sends their mutations over fetch.
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function serveDemoGallery(response: ServerResponse): void {
  response.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(DEMO_GALLERY_PAGE),
    'content-security-policy': PAGE_POLICY,
    'x-content-type-options': 'nosniff',
  });
  response.end(DEMO_GALLERY_PAGE);
}

export function serveDemoGalleryScript(response: ServerResponse): void {
  response.writeHead(200, {
    'content-type': 'text/javascript; charset=utf-8',
    'content-length': Buffer.byteLength(DEMO_GALLERY_SCRIPT),
    'x-content-type-options': 'nosniff',
  });
  response.end(DEMO_GALLERY_SCRIPT);
}
