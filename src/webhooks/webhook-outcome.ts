/** The provider label of webhook metrics: the receiving session's provider, or `none` when no session took it. */
export const WEBHOOK_PROVIDERS = ['waha', 'wawp', 'evolution', 'none'] as const;

export type WebhookProvider = (typeof WEBHOOK_PROVIDERS)[number];

/**
 * What one webhook delivery came to (a bounded metric label):
 * - `changed`: at least one picture was invalidated or replaced;
 * - `unchanged`: a picture event that told us nothing new (Evolution's per-message noise);
 * - `ignored`: an event of another type, accepted so that the provider stops sending it again;
 * - `foreign_session`: signed, but for another provider session than the URL's (a shared global hook);
 * - `duplicate`: an event id already handled; `in_progress`: one being handled right now;
 * - `stale`: older than the replay window; `unauthorized`: no or a wrong signature;
 * - `malformed`: not JSON, too deep, wrong types; `too_large`: past WEBHOOK_MAX_BYTES;
 * - `not_found`: no session of that name receives webhooks; `error`: our own failure.
 */
export const WEBHOOK_OUTCOMES = [
  'changed',
  'unchanged',
  'ignored',
  'foreign_session',
  'duplicate',
  'in_progress',
  'stale',
  'unauthorized',
  'malformed',
  'too_large',
  'not_found',
  'error',
] as const;

export type WebhookOutcome = (typeof WEBHOOK_OUTCOMES)[number];
