import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leftTheHost, openBrowser, screenshot, type RecordedBrowser } from '../support/browser.js';
import { postGraphQL, startSubgraph, type RunningSubgraph } from '../support/start-subgraph.js';

// Demo JIDs by their last digit: 0–5 a picture, 6–7 none set, 8–9 hidden.
const CHATS = [
  ['15550000001@c.us', 'AVAILABLE'],
  ['15550000006@c.us', 'NOT_SET'],
  ['15550000008@c.us', 'HIDDEN'],
] as const;

const QUERY = `#graphql
  query Display($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Chat { id picture { status named: displayUrl(initials: "Maria Silva") plain: displayUrl small: displayUrl(initials: "MS", size: SMALL) } }
    }
  }
`;

interface Displayed {
  readonly id: string;
  readonly picture: { readonly status: string; readonly named: string; readonly plain: string; readonly small: string };
}

describe('displayUrl in a real browser', () => {
  let subgraph: RunningSubgraph;
  let browser: RecordedBrowser | undefined;

  beforeAll(async () => {
    subgraph = await startSubgraph();
  });
  afterAll(async () => {
    await browser?.close();
    await subgraph?.close();
  });

  it('renders as an image for an AVAILABLE, a NOT_SET and a HIDDEN chat, with initials and without', async () => {
    const { body } = await postGraphQL(subgraph.url, {
      query: QUERY,
      variables: { representations: CHATS.map(([id]) => ({ __typename: 'Chat', id })) },
    });
    const chats = (body.data?._entities ?? []) as Displayed[];
    expect(chats.map((chat) => chat.picture.status)).toEqual(CHATS.map(([, status]) => status));
    const [available, notSet, hidden] = chats as [Displayed, Displayed, Displayed];
    // With a picture, initials change nothing: it is the hosted copy.
    expect(available.picture.named).toBe(available.picture.plain);
    expect(available.picture.named).toMatch(/\/pictures\/[\w-]{22}\/[\w-]{22}\/full$/);
    expect(notSet.picture.named).toMatch(/\/pictures\/initials\/[\w-]{16}\/full\/MS\.svg$/);
    expect(hidden.picture.plain).toMatch(/\/pictures\/identicons\/[\w-]{16}\/full\.svg$/);

    browser = await openBrowser();
    const { page, requests } = browser;
    const cells = chats.flatMap((chat) =>
      (['named', 'plain', 'small'] as const).map(
        (variant) =>
          `<figure><img data-case="${chat.picture.status} ${variant}" src="${chat.picture[variant]}" width="96" height="96"><figcaption>${chat.picture.status}<br>${variant}</figcaption></figure>`,
      ),
    );
    await page.setContent(
      `<!doctype html><style>body{font:12px system-ui;display:grid;grid-template-columns:repeat(3,120px);gap:12px;margin:16px}figure{margin:0;text-align:center}img{border-radius:50%}</style>${cells.join('')}`,
    );
    await page.waitForFunction(() => [...document.images].every((image) => image.complete));
    const rendered = await page
      .locator('img')
      .evaluateAll((images) => images.map((image) => [(image as HTMLImageElement).dataset.case, (image as HTMLImageElement).naturalWidth]));
    expect(rendered).toEqual([
      ['AVAILABLE named', 640],
      ['AVAILABLE plain', 640],
      ['AVAILABLE small', 96],
      ['NOT_SET named', 640],
      ['NOT_SET plain', 640],
      ['NOT_SET small', 96],
      ['HIDDEN named', 640],
      ['HIDDEN plain', 640],
      ['HIDDEN small', 96],
    ]);
    await screenshot(page, 'display-url');
    expect(leftTheHost(requests)).toEqual([]);
  });
});
