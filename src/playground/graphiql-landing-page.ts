import type { ApolloServerPlugin } from '@apollo/server';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { EXAMPLE_DELETE_GROUP_PICTURE, EXAMPLE_SET_GROUP_PICTURE } from './example-mutations.js';
import { EXAMPLE_QUERY } from './example-query.js';

export interface PlaygroundOptions {
  /** Whether requests need `router-authorization`: the page then shows where to put it, never the secret itself. */
  readonly routerSecretRequired: boolean;
}

/**
 * GraphiQL as Apollo Server's landing page, for `GET /graphql` from a browser. Every script, style,
 * font and worker is inlined in the page, so it works with no internet and loads nothing from a
 * CDN. The page is about 9 MB: it is rendered on first use, not at start.
 */
export function graphiqlLandingPage(options: PlaygroundOptions): ApolloServerPlugin {
  let html: string | undefined;
  // The session header picks the account; the router forwards it from the client.
  const headers = JSON.stringify(
    { 'x-wa-session': 'default', ...(options.routerSecretRequired ? { 'router-authorization': '<ROUTER_SECRET>' } : {}) },
    null,
    2,
  );
  const render = () =>
    renderGraphiQL({
      title: 'WhatsApp pictures subgraph',
      // One operation per tab, so Ctrl+Enter runs the visible one without asking which; the
      // query's tab opens first. Tabs carry their own headers: `headers` only seeds new tabs.
      defaultTabs: [EXAMPLE_QUERY, EXAMPLE_SET_GROUP_PICTURE, EXAMPLE_DELETE_GROUP_PICTURE].map((query) => ({ query, headers })),
      headers,
      shouldPersistHeaders: false,
      // Same-origin requests only: the playground never sends cookies elsewhere.
      credentials: 'same-origin',
    });
  return {
    async serverWillStart() {
      return {
        async renderLandingPage() {
          return {
            html: async () => {
              html ??= render();
              return html;
            },
          };
        },
      };
    },
  };
}
