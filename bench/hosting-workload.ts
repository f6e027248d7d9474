import type { Workload } from './load.js';
import { chatEntitiesRequest, chatsQuery } from './workload.js';

const QUERY = chatsQuery('status url id hostedUrl displayUrl');

/**
 * `entitiesRequest` with the hosted-picture fields a dashboard asks for. Correct: HTTP 200, no
 * errors, one entity per representation in order, each with a status and a displayUrl (never null).
 */
export function hostedEntitiesRequest(ids: readonly string[]): Workload {
  return chatEntitiesRequest(QUERY, ids, (picture) => typeof picture['displayUrl'] === 'string');
}
