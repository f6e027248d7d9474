import { createHash } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { StaticAsset } from '../http/static-asset.js';
import { EXAMPLE_DELETE_GROUP_PICTURE, EXAMPLE_SET_GROUP_PICTURE } from './example-mutations.js';
import { EXAMPLE_QUERY } from './example-query.js';
import { BROWSER_PAGE_HEADERS } from './page-headers.js';

export interface PlaygroundOptions {
  /** Whether requests need `router-authorization`: the page then shows where to put it, never the secret itself. */
  readonly routerSecretRequired: boolean;
  /** Under AUTH_MODE=jwt, the header that carries the caller's token (AUTH_TOKEN_HEADER); null otherwise. */
  readonly tokenHeader: string | null;
}

export interface Playground {
  /** Makes `GET /graphql` from a browser Apollo's landing page; the handler then serves `page`. */
  readonly plugin: ApolloServerPlugin;
  readonly page: StaticAsset;
}

/** The headers pane: where each credential goes, as a placeholder the user replaces; never a value. */
function headerPlaceholders(options: PlaygroundOptions): string {
  const token =
    options.tokenHeader === null ? {} : { [options.tokenHeader]: options.tokenHeader === 'authorization' ? 'Bearer <token>' : '<token>' };
  const secret = options.routerSecretRequired ? { 'router-authorization': '<ROUTER_SECRET>' } : {};
  // The session header picks the account; the router forwards it from the client.
  return JSON.stringify({ 'x-wa-session': 'default', ...token, ...secret }, null, 2);
}

/**
 * The page runs its own two inline scripts (allowed by their hashes, nothing else), inline styles,
 * its fonts and icons from data: URIs and its editor workers from blob: URLs; it talks to this
 * origin only and may not be framed.
 */
function contentSecurityPolicy(html: string): string {
  const hashes = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map(
    (match) =>
      `'sha256-${createHash('sha256')
        .update(match[1] ?? '', 'utf8')
        .digest('base64')}'`,
  );
  return [
    "default-src 'none'",
    `script-src ${hashes.join(' ')}`,
    "worker-src 'self' blob:",
    "style-src 'self' 'unsafe-inline'",
    "font-src 'self' data:",
    "img-src 'self' data: blob:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * GraphiQL for `GET /graphql` from a browser. Every script, style, font and worker is inlined in
 * the page, so it works with no internet and loads nothing from a CDN. The page is about 9 MB: it
 * is rendered and compressed on first use, not at start.
 */
export function createPlayground(options: PlaygroundOptions): Playground {
  const headers = headerPlaceholders(options);
  const page = new StaticAsset({
    contentType: 'text/html; charset=utf-8',
    render: () =>
      renderGraphiQL({
        title: 'WhatsApp pictures subgraph',
        // One operation per tab, so Ctrl+Enter runs the visible one without asking which; the
        // query's tab opens first. Tabs carry their own headers: `headers` only seeds new tabs.
        defaultTabs: [EXAMPLE_QUERY, EXAMPLE_SET_GROUP_PICTURE, EXAMPLE_DELETE_GROUP_PICTURE].map((query) => ({ query, headers })),
        headers,
        shouldPersistHeaders: false,
        // Same-origin requests only: the playground never sends cookies elsewhere.
        credentials: 'same-origin',
      }),
    headers: (html) => ({ ...BROWSER_PAGE_HEADERS, 'content-security-policy': contentSecurityPolicy(html) }),
  });
  const plugin: ApolloServerPlugin = {
    async serverWillStart() {
      return {
        async renderLandingPage() {
          return { html: () => page.text() };
        },
      };
    },
  };
  return { plugin, page };
}
