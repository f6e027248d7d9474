import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJid } from '../../src/pictures/jid.js';
import { DemoProvider } from '../../src/providers/demo.js';
import { SessionRegistry } from '../../src/sessions.js';
import { startSubgraph, type RunningSubgraph } from '../support/start-subgraph.js';
import { testJpeg } from '../support/test-images.js';

const GROUP = '120363012345678906@g.us';
const signal = new AbortController().signal;

describe('written demo pictures over HTTP', () => {
  let subgraph: RunningSubgraph;
  let teamA: DemoProvider;
  let teamB: DemoProvider;

  beforeAll(async () => {
    subgraph = await startSubgraph({
      sessions: (publicUrl) => {
        teamA = new DemoProvider({ baseUrl: publicUrl, session: 'team-a' });
        teamB = new DemoProvider({ baseUrl: publicUrl, session: 'team-b' });
        return new SessionRegistry([
          { name: 'team-a', identity: 'demo|team-a', provider: teamA },
          { name: 'team-b', identity: 'demo|team-b', provider: teamB },
        ]);
      },
    });
  });
  afterAll(() => subgraph.close());

  const fetchPicture = (provider: DemoProvider, preview = false) =>
    provider.fetchPicture({ jid: parseJid(GROUP), preview, refresh: false, signal });

  it('serves the bytes that were set, and a 96 px preview, from the session that holds them', async () => {
    const jpeg = await testJpeg('#EF6C00');
    await teamA.setGroupPicture({ jid: parseJid(GROUP), image: { form: 'bytes', bytes: jpeg, mimetype: 'image/jpeg' }, signal });

    const full = await fetch(String((await fetchPicture(teamA)).url));
    expect(full.status).toBe(200);
    expect(full.headers.get('content-type')).toBe('image/jpeg');
    expect(full.headers.get('cache-control')).toMatch(/^public, max-age=\d+, immutable$/);
    expect(Buffer.from(await full.arrayBuffer()).equals(jpeg)).toBe(true);

    const preview = await fetch(String((await fetchPicture(teamA, true)).url));
    expect(await sharp(Buffer.from(await preview.arrayBuffer())).metadata()).toMatchObject({ format: 'jpeg', width: 96, height: 96 });

    // The other session never had this picture set: its answer is unchanged, and its path finds nothing.
    expect((await fetchPicture(teamB)).status).toBe('NOT_SET');
    const elsewhere = new URL(String((await fetchPicture(teamA)).url));
    elsewhere.pathname = elsewhere.pathname.replace('/team-a/', '/team-b/');
    expect((await fetch(elsewhere)).status).toBe(404);
    elsewhere.pathname = elsewhere.pathname.replace('/team-b/', '/nobody/');
    expect((await fetch(elsewhere)).status).toBe(404);
  });

  it('stops serving a picture once it is replaced or removed, and refuses expired URLs', async () => {
    const image = { form: 'bytes', bytes: await testJpeg('#5C6BC0'), mimetype: 'image/jpeg' } as const;
    await teamA.setGroupPicture({ jid: parseJid(GROUP), image, signal });
    const old = String((await fetchPicture(teamA)).url);
    await teamA.setGroupPicture({ jid: parseJid(GROUP), image, signal });
    expect((await fetch(old)).status).toBe(404);

    const current = new URL(String((await fetchPicture(teamA)).url));
    expect((await fetch(current)).status).toBe(200);
    current.searchParams.set('oe', Math.floor(Date.now() / 1000 - 60).toString(16));
    const expired = await fetch(current);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toBe('URL signature expired');

    await teamA.deleteGroupPicture({ jid: parseJid(GROUP), signal });
    expect(await fetchPicture(teamA)).toMatchObject({ status: 'NOT_SET', url: null });
    current.searchParams.set('oe', 'ffffffff');
    expect((await fetch(current)).status).toBe(404);
  });
});
