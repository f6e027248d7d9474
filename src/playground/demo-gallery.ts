import type { ServerResponse } from 'node:http';

export const DEMO_GALLERY_ROUTE = '/demo';
export const DEMO_GALLERY_SCRIPT_ROUTE = '/demo/gallery.js';

/**
 * A page that shows at a glance what the product does: it asks the subgraph, as a router would,
 * for the pictures of a few chats and shows them. `?ids=a@c.us,b@g.us` shows other chats and
 * `?session=name` another account. It builds its DOM with textContent only, so no answer can
 * inject markup, and its policy lets it talk to this origin alone.
 */
const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>WhatsApp pictures - demo gallery</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 2rem; background: #f0f2f5; color: #111b21; }
  h1 { font-size: 1.4rem; margin: 0 0 .25rem; }
  p { margin: 0 0 1.5rem; color: #54656f; }
  #gallery { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 1rem; }
  figure { margin: 0; background: #fff; border-radius: 12px; padding: 1rem; text-align: center; box-shadow: 0 1px 2px #0002; }
  img, .placeholder { width: 96px; height: 96px; border-radius: 50%; display: block; margin: 0 auto .75rem; }
  .placeholder { background: #dfe5e7; line-height: 96px; font-size: .75rem; color: #54656f; }
  figcaption { font-size: .8rem; word-break: break-all; }
  .status { display: inline-block; margin-top: .4rem; padding: .1rem .5rem; border-radius: 999px; background: #e7fce3; font-size: .7rem; }
  .status.NOT_SET, .status.HIDDEN, .status.NONE { background: #fff4e0; }
  .status.error { background: #ffe0e0; }
</style>
</head>
<body>
<h1>WhatsApp profile pictures</h1>
<p id="summary">Asking the subgraph...</p>
<div id="gallery"></div>
<script src="${DEMO_GALLERY_SCRIPT_ROUTE}"></script>
</body>
</html>
`;

const SCRIPT = `'use strict';
(function () {
  var DEFAULT_IDS = [
    '15550000001@c.us', '15550000002@c.us', '15550000003@c.us', '15550000004@c.us',
    '15550000005@c.us', '15550000010@c.us', '15550000006@c.us', '15550000008@c.us',
    '120363000000000001@g.us', '120363000000000002@g.us', '120363000000000004@g.us', '120363000000000007@g.us'
  ];
  var QUERY = 'query Gallery($representations: [_Any!]!) { _entities(representations: $representations) {' +
    ' ... on Chat { id picture(preview: true) { status url preview } }' +
    ' ... on Group { id picture(preview: true) { status url preview } } } }';
  var params = new URLSearchParams(location.search);
  var ids = (params.get('ids') || DEFAULT_IDS.join(',')).split(',')
    .map(function (id) { return id.trim(); })
    .filter(function (id) { return id !== ''; })
    .slice(0, 100);
  var session = params.get('session') || 'default';
  var summary = document.getElementById('summary');
  var gallery = document.getElementById('gallery');

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function card(id, picture, error) {
    var figure = element('figure');
    figure.dataset.id = id;
    if (picture && picture.url) {
      var image = element('img');
      image.alt = 'Picture of ' + id;
      image.src = picture.url;
      figure.appendChild(image);
    } else {
      figure.appendChild(element('div', 'placeholder', 'no picture'));
    }
    var caption = element('figcaption', '', id);
    caption.appendChild(element('br'));
    var status = error ? error : picture.status;
    caption.appendChild(element('span', 'status ' + (error ? 'error' : status), status));
    figure.appendChild(caption);
    return figure;
  }

  var started = performance.now();
  fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-wa-session': session },
    body: JSON.stringify({
      query: QUERY,
      variables: { representations: ids.map(function (id) { return { __typename: /@g\\.us$/.test(id) ? 'Group' : 'Chat', id: id }; }) }
    })
  })
    .then(function (response) { return response.json(); })
    .then(function (body) {
      var errors = {};
      (body.errors || []).forEach(function (error) {
        if (error.path && error.path[0] === '_entities') { errors[error.path[1]] = (error.extensions && error.extensions.code) || 'ERROR'; }
      });
      if (!body.data) {
        summary.textContent = 'The subgraph answered: ' + (body.errors || []).map(function (e) { return e.message; }).join('; ');
        return;
      }
      body.data._entities.forEach(function (entity, index) {
        gallery.appendChild(card(ids[index], entity && entity.picture, entity && entity.picture ? undefined : errors[index] || 'ERROR'));
      });
      summary.textContent = ids.length + ' chats of session "' + session + '", answered in ' + Math.round(performance.now() - started) + ' ms.';
    })
    .catch(function (error) { summary.textContent = 'The subgraph could not be reached: ' + error.message; });
})();
`;

const PAGE_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'unsafe-inline'",
  // Real providers' pictures come from WhatsApp's CDN; the demo's from this origin.
  "img-src 'self' https:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function serveDemoGallery(response: ServerResponse): void {
  response.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(PAGE),
    'content-security-policy': PAGE_POLICY,
    'x-content-type-options': 'nosniff',
  });
  response.end(PAGE);
}

export function serveDemoGalleryScript(response: ServerResponse): void {
  response.writeHead(200, {
    'content-type': 'text/javascript; charset=utf-8',
    'content-length': Buffer.byteLength(SCRIPT),
    'x-content-type-options': 'nosniff',
  });
  response.end(SCRIPT);
}
