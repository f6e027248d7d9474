import type { Workload } from './load.js';

const QUERY =
  'query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Chat { id picture { status url id } } } }';

let serial = 0;

/** JIDs never asked for before in this run: a request for them is cold everywhere. */
export function freshJids(count: number): string[] {
  return Array.from({ length: count }, () => {
    serial += 1;
    return `49170${String(serial).padStart(7, '0')}@c.us`;
  });
}

/**
 * The router's `_entities` request for `ids`, and what a correct answer is: HTTP 200, no errors,
 * one entity per representation in order, each with its id and a picture status.
 */
export function entitiesRequest(ids: readonly string[]): Workload {
  return {
    body: JSON.stringify({ query: QUERY, variables: { representations: ids.map((id) => ({ __typename: 'Chat', id })) } }),
    check: (status, text) => status === 200 && answersAll(text, ids),
  };
}

function answersAll(text: string, ids: readonly string[]): boolean {
  let body: { data?: { _entities?: Array<{ id?: string; picture?: { status?: unknown } | null } | null> }; errors?: unknown };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    return false;
  }
  const entities = body.data?._entities;
  return (
    body.errors === undefined &&
    entities !== undefined &&
    entities.length === ids.length &&
    entities.every((entity, index) => entity?.id === ids[index] && typeof entity?.picture?.status === 'string')
  );
}

/**
 * The bench's mixed load over `known` (already cached) JIDs, by request index: one in 50 asks a
 * new picture, one in 10 a batch of 20 known ones, the rest one known picture.
 */
export function mixedRequest(index: number, known: readonly string[]): Workload {
  if (index % 50 === 0) {
    return entitiesRequest(freshJids(1));
  }
  if (index % 10 === 0) {
    const start = index % (known.length - 20);
    return entitiesRequest(known.slice(start, start + 20));
  }
  return entitiesRequest([known[index % known.length] as string]);
}
