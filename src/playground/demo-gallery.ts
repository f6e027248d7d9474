import { StaticAsset } from '../http/static-asset.js';
import { DEMO_GALLERY_PAGE } from './demo-gallery-page.js';
import { DEMO_GALLERY_SCRIPT } from './demo-gallery-script.js';
import { BROWSER_PAGE_HEADERS } from './page-headers.js';

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

export interface DemoGallery {
  readonly page: StaticAsset;
  readonly script: StaticAsset;
}

export function createDemoGallery(): DemoGallery {
  return {
    page: new StaticAsset({
      contentType: 'text/html; charset=utf-8',
      render: () => DEMO_GALLERY_PAGE,
      headers: () => ({ ...BROWSER_PAGE_HEADERS, 'content-security-policy': PAGE_POLICY }),
    }),
    // A script needs no policy of its own (the page's applies) but must never be sniffed as anything else.
    script: new StaticAsset({ contentType: 'text/javascript; charset=utf-8', render: () => DEMO_GALLERY_SCRIPT }),
  };
}
