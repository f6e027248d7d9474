import type { Workload } from './load.js';

/** The router's `_entities` query for Chats, with `pictureFields` selected on each picture. */
export function chatsQuery(pictureFields: string): string {
  return `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Chat { id picture { ${pictureFields} } } } }`;
}

const QUERY = chatsQuery('status url id');

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
  return chatEntitiesRequest(QUERY, ids);
}

type AnsweredPicture = Readonly<Record<string, unknown>>;

/** `query` (from `chatsQuery`) for `ids`, correct as `entitiesRequest`'s answer is and when every picture passes `pictureOk`. */
export function chatEntitiesRequest(
  query: string,
  ids: readonly string[],
  pictureOk: (picture: AnsweredPicture) => boolean = () => true,
): Workload {
  return {
    body: JSON.stringify({ query, variables: { representations: ids.map((id) => ({ __typename: 'Chat', id })) } }),
    check: (status, text) => status === 200 && answersAll(text, ids, pictureOk),
  };
}

function answersAll(text: string, ids: readonly string[], pictureOk: (picture: AnsweredPicture) => boolean): boolean {
  let body: { data?: { _entities?: Array<{ id?: string; picture?: AnsweredPicture | null } | null> }; errors?: unknown };
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
    entities.every((entity, index) => {
      const picture = entity?.picture;
      return entity?.id === ids[index] && typeof picture?.['status'] === 'string' && pictureOk(picture);
    })
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
