/**
 * Why a request or a write was refused, as operators see it in logs and in
 * `picture_auth_refusals_total{reason}`. Clients see less: an unknown session and one they may not
 * read answer alike, so nobody learns which sessions exist. A closed list keeps label values bounded.
 */
export const REFUSAL_REASONS = [
  'missing_token',
  'invalid_token',
  'expired_token',
  'token_not_yet_valid',
  'keys_unavailable',
  'no_default_session',
  'unknown_session',
  'session_not_readable',
  'write_not_allowed',
] as const;

export type RefusalReason = (typeof REFUSAL_REASONS)[number];

/** Failures to establish who the caller is (as opposed to what it may do). */
export type AuthenticationFailure = Extract<
  RefusalReason,
  'missing_token' | 'invalid_token' | 'expired_token' | 'token_not_yet_valid' | 'keys_unavailable'
>;
