/** Sent with every browser page this process serves, besides each page's own content security policy. */
export const BROWSER_PAGE_HEADERS: Readonly<Record<string, string>> = {
  // For browsers that predate CSP's frame-ancestors.
  'x-frame-options': 'DENY',
  // Picture URLs are capabilities; a page's address is nobody else's business either.
  'referrer-policy': 'no-referrer',
};
