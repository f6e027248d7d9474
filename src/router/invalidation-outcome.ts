/**
 * What one POST to the router's invalidation endpoint came to (a bounded metric label):
 * `ok` 2xx; `rejected` any other status (a wrong key is 401, an unknown field 400); `failed` no
 * answer (refused connection, timeout); `dropped` tags never sent because too many were waiting.
 */
export const INVALIDATION_OUTCOMES = ['ok', 'rejected', 'failed', 'dropped'] as const;

export type InvalidationOutcome = (typeof INVALIDATION_OUTCOMES)[number];
