import { DEMO_GALLERY_SCRIPT_ROUTE } from './demo-gallery-routes.js';

/**
 * The gallery's markup and styles. Everything it shows comes from its script, which builds the
 * DOM with textContent only; the page itself carries no data and no inline script.
 */
export const DEMO_GALLERY_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>WhatsApp pictures - demo gallery</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 2rem; background: #f0f2f5; color: #111b21; }
  h1 { font-size: 1.4rem; margin: 0 0 .25rem; }
  p { margin: 0 0 .5rem; color: #54656f; }
  #gallery { margin-top: 1.5rem; display: grid; grid-template-columns: repeat(auto-fill, minmax(190px, 1fr)); gap: 1rem; }
  figure { margin: 0; min-width: 0; background: #fff; border-radius: 12px; padding: 1rem; text-align: center; box-shadow: 0 1px 2px #0002; }
  figure[aria-busy=true] { opacity: .6; }
  img, .placeholder { width: 96px; height: 96px; border-radius: 50%; display: block; margin: 0 auto .75rem; }
  .placeholder { background: #dfe5e7; line-height: 96px; font-size: .75rem; color: #54656f; }
  figcaption { font-size: .8rem; word-break: break-all; }
  .status { display: inline-block; margin-top: .4rem; padding: .1rem .5rem; border-radius: 999px; background: #e7fce3; font-size: .7rem; }
  .status.NOT_SET, .status.HIDDEN, .status.NONE { background: #fff4e0; }
  .status.error { background: #ffe0e0; }
  .change { margin-top: .75rem; display: grid; grid-template-columns: minmax(0, 1fr); gap: .4rem; font-size: .75rem; text-align: left; }
  .change form { display: flex; gap: .25rem; margin: 0; }
  .change input[type=url] { flex: 1; min-width: 0; font-size: .75rem; }
  .change input[type=file] { max-width: 100%; font-size: .7rem; }
  .user-errors { margin: .5rem 0 0; padding: 0; list-style: none; font-size: .7rem; text-align: left; color: #8a1c1c; word-break: break-word; }
  .user-errors .code { font-weight: bold; margin-right: .35rem; }
</style>
</head>
<body>
<h1>WhatsApp profile pictures</h1>
<p id="summary">Asking the subgraph...</p>
<p>A group's card can change its picture: upload an image or give its URL, or remove it.</p>
<p>Image URLs must be public https: plain http and private addresses are refused unless IMAGE_FETCH_ALLOW_HOSTS names their host:port.</p>
<div id="gallery"></div>
<script src="${DEMO_GALLERY_SCRIPT_ROUTE}"></script>
</body>
</html>
`;
