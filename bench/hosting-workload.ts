import type { Workload } from './load.js';

const QUERY =
  'query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Chat { id picture { status url id hostedUrl displayUrl } } } }';

/**
 * `entitiesRequest` with the hosted-picture fields a dashboard asks for. Correct: HTTP 200, no
 * errors, one entity per representation in order, each with a status and a displayUrl (never null).
 */
export function hostedEntitiesRequest(ids: readonly string[]): Workload {
  return {
    body: JSON.stringify({ query: QUERY, variables: { representations: ids.map((id) => ({ __typename: 'Chat', id })) } }),
    check: (status, text) => {
      if (status !== 200) {
        return false;
      }
      let body: {
        data?: { _entities?: Array<{ id?: string; picture?: { status?: unknown; displayUrl?: unknown } | null } | null> };
        errors?: unknown;
      };
      try {
        body = JSON.parse(text) as typeof body;
      } catch {
        return false;
      }
      const entities = body.data?._entities;
      return (
        body.errors === undefined &&
        entities?.length === ids.length &&
        entities.every((entity, index) => entity?.id === ids[index] && typeof entity?.picture?.displayUrl === 'string')
      );
    },
  };
}
