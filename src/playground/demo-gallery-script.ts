/**
 * The gallery's browser script, served from this origin so the page's policy can forbid inline
 * script. It asks the subgraph, as a router would, for the pictures of a few chats and groups, and
 * lets each group's card change its picture through setGroupPicture and deleteGroupPicture. A card
 * redraws from the mutation's own answer (`group { picture }`), never from a second query, which
 * is how a client should use these payloads. Every node is built with textContent, so no answer
 * can inject markup.
 *
 * String.raw keeps the browser code's backslashes as written; it must hold no backtick and no
 * template substitution of its own.
 */
export const DEMO_GALLERY_SCRIPT = String.raw`'use strict';
(() => {
  const DEFAULT_IDS = [
    '15550000001@c.us', '15550000002@c.us', '15550000003@c.us', '15550000004@c.us',
    '15550000005@c.us', '15550000010@c.us', '15550000006@c.us', '15550000008@c.us',
    '120363000000000001@g.us', '120363000000000002@g.us', '120363000000000004@g.us', '120363000000000007@g.us'
  ];
  // displayUrl never needs a branch: our hosted copy, else the CDN URL, else an avatar.
  const PICTURE = 'picture(preview: true) { status url preview displayUrl(size: SMALL) }';
  const QUERY = 'query Gallery($representations: [_Any!]!) { _entities(representations: $representations) {' +
    ' ... on Chat { id ' + PICTURE + ' } ... on Group { id ' + PICTURE + ' } } }';
  const SET_PICTURE = 'mutation GallerySetGroupPicture($groupId: ID!, $image: ImageInput!) {' +
    ' setGroupPicture(groupId: $groupId, image: $image) { group { id ' + PICTURE + ' } userErrors { code message } } }';
  const DELETE_PICTURE = 'mutation GalleryDeleteGroupPicture($groupId: ID!) {' +
    ' deleteGroupPicture(groupId: $groupId) { group { id ' + PICTURE + ' } userErrors { code message } } }';

  const params = new URLSearchParams(location.search);
  const ids = (params.get('ids') || DEFAULT_IDS.join(','))
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '')
    .slice(0, 100);
  const session = params.get('session') || 'default';
  const summary = document.getElementById('summary');
  const gallery = document.getElementById('gallery');

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function isGroup(id) {
    return /@g\.us$/.test(id);
  }

  function errorCode(error) {
    return (error.extensions && error.extensions.code) || 'ERROR';
  }

  async function post(query, variables) {
    const response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-wa-session': session },
      body: JSON.stringify({ query: query, variables: variables })
    });
    // A body too large for the subgraph, or a proxy in between, may answer something other than JSON.
    if (!(response.headers.get('content-type') || '').includes('json')) {
      throw new Error('the subgraph answered HTTP ' + response.status);
    }
    return response.json();
  }

  /** Draws a card's picture (its displayUrl: the hosted copy, or a generated avatar) and status badge. */
  function showPicture(figure, picture, error) {
    const slot = figure.querySelector('.picture');
    slot.replaceChildren();
    if (picture) {
      const image = element('img');
      image.alt = (picture.status === 'AVAILABLE' ? 'Picture of ' : 'Avatar of ') + figure.dataset.id;
      image.src = picture.displayUrl;
      slot.appendChild(image);
    } else {
      slot.appendChild(element('div', 'placeholder', 'no picture'));
    }
    const status = error || picture.status;
    const badge = figure.querySelector('.status');
    badge.className = 'status ' + (error ? 'error' : status);
    badge.textContent = status;
  }

  /** Lists refusals on the card as "CODE message": the code is what a program would switch on. */
  function showErrors(figure, errors) {
    const list = figure.querySelector('.user-errors');
    list.replaceChildren();
    errors.forEach((error) => {
      const item = element('li');
      item.appendChild(element('span', 'code', error.code));
      item.appendChild(element('span', 'message', error.message));
      list.appendChild(item);
    });
  }

  /** The file's bytes as bare base64: the subgraph judges the type by the bytes, not by the name. */
  function readAsBase64(file) {
    return new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result).slice(String(reader.result).indexOf(',') + 1));
      reader.onerror = () => reject(reader.error);
      reader.readAsDataURL(file);
    });
  }

  /** Runs one change of a group's picture and redraws the card from the mutation's answer. */
  async function change(figure, send) {
    const controls = figure.querySelectorAll('button, input');
    controls.forEach((control) => { control.disabled = true; });
    figure.setAttribute('aria-busy', 'true');
    showErrors(figure, []);
    try {
      const body = await send();
      const payload = body.data && (body.data.setGroupPicture || body.data.deleteGroupPicture);
      if (payload && payload.group && payload.group.picture) {
        showPicture(figure, payload.group.picture);
      }
      const refusals = payload ? payload.userErrors : [];
      const failures = (body.errors || []).map((error) => ({ code: errorCode(error), message: error.message }));
      showErrors(figure, refusals.concat(failures));
    } catch (error) {
      showErrors(figure, [{ code: 'NETWORK_ERROR', message: error.message }]);
    } finally {
      controls.forEach((control) => { control.disabled = false; });
      figure.removeAttribute('aria-busy');
    }
  }

  function changeControls(figure) {
    const groupId = figure.dataset.id;
    const setPicture = (image) => post(SET_PICTURE, { groupId: groupId, image: image });
    const controls = element('div', 'change');

    const upload = element('label', 'upload', 'Upload ');
    const file = element('input');
    file.type = 'file';
    file.accept = 'image/jpeg,image/png,image/webp';
    file.addEventListener('change', () => {
      const chosen = file.files && file.files[0];
      // Cleared so that choosing the same file again is a change too.
      file.value = '';
      if (chosen) { change(figure, async () => setPicture({ base64: await readAsBase64(chosen) })); }
    });
    upload.appendChild(file);

    const fromUrl = element('form', 'from-url');
    const url = element('input');
    url.type = 'url';
    url.required = true;
    url.placeholder = 'Image URL, https://…';
    url.setAttribute('aria-label', 'Image URL for ' + groupId);
    const setButton = element('button', 'set', 'Set');
    setButton.type = 'submit';
    fromUrl.append(url, setButton);
    fromUrl.addEventListener('submit', (event) => {
      // The page's policy forbids form submission; the script sends the mutation itself.
      event.preventDefault();
      change(figure, () => setPicture({ url: url.value }));
    });

    const remove = element('button', 'remove', 'Remove picture');
    remove.type = 'button';
    remove.addEventListener('click', () => change(figure, () => post(DELETE_PICTURE, { groupId: groupId })));

    controls.append(upload, fromUrl, remove);
    return controls;
  }

  function card(id, picture, error) {
    const figure = element('figure');
    figure.dataset.id = id;
    figure.appendChild(element('div', 'picture'));
    const caption = element('figcaption', '', id);
    caption.appendChild(element('br'));
    caption.appendChild(element('span', 'status'));
    figure.appendChild(caption);
    showPicture(figure, picture, error);
    if (isGroup(id)) {
      figure.appendChild(changeControls(figure));
    }
    figure.appendChild(element('ul', 'user-errors'));
    return figure;
  }

  async function load() {
    const started = performance.now();
    const body = await post(QUERY, {
      representations: ids.map((id) => ({ __typename: isGroup(id) ? 'Group' : 'Chat', id: id }))
    });
    const errors = {};
    (body.errors || []).forEach((error) => {
      if (error.path && error.path[0] === '_entities') { errors[error.path[1]] = errorCode(error); }
    });
    if (!body.data) {
      summary.textContent = 'The subgraph answered: ' + (body.errors || []).map((error) => error.message).join('; ');
      return;
    }
    body.data._entities.forEach((entity, index) => {
      const picture = entity && entity.picture;
      gallery.appendChild(card(ids[index], picture, picture ? undefined : errors[index] || 'ERROR'));
    });
    summary.textContent = ids.length + ' chats of session "' + session + '", answered in ' + Math.round(performance.now() - started) + ' ms.';
  }

  load().catch((error) => { summary.textContent = 'The subgraph could not be reached: ' + error.message; });
})();
`;
