import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { graphql } from './__generated__/gql.js';
import type { ImageInput, UserErrorCode } from './__generated__/graphql.js';

/** The chat list of a dashboard: names from the messaging subgraph, avatars from the picture subgraph. */
export const ChatListWithPictures = graphql(`
  query ChatListWithPictures($preview: Boolean!) {
    chats {
      id
      name
      picture(preview: $preview) {
        status
        url
        id
        version
        expiresAt
      }
    }
  }
`);

/** One group's picture, asked for again past the cache (throttled by the subgraph). */
export const RefreshGroupPicture = graphql(`
  query RefreshGroupPicture {
    groups {
      id
      subject
      picture(refresh: true) {
        status
        url
        fetchedAt
      }
    }
  }
`);

/**
 * A group's picture in both sizes, one selection for the group list and both mutations' answers. A
 * normalising cache keys a field by the arguments as written (`picture` and `picture(preview: false)`
 * are two cache fields), so sharing the selection is what makes the mutations' answers land where
 * the list reads.
 */
export const GroupPictures = graphql(`
  fragment GroupPictures on Group {
    id
    picture {
      id
      version
      url
      status
      preview
    }
    preview: picture(preview: true) {
      id
      version
      url
      status
      preview
    }
  }
`);

/** A group admin screen: each group with its picture in both sizes. */
export const GroupListWithPictures = graphql(`
  query GroupListWithPictures {
    groups {
      subject
      ...GroupPictures
    }
  }
`);

/**
 * Changes a group's picture. The answer's `group { id picture { … } }` is what lets a normalising
 * cache (Apollo Client's InMemoryCache, urql's Graphcache) show the new picture in every view of
 * the group without a refetch: `id` finds the group's entry, `picture` replaces what it points at.
 * A `Chat` with the group's JID is another cache entry (`Chat:…`, not `Group:…`): a chat list
 * that shows group chats still needs a refetch of its own.
 * Refusals (a bad image, too soon after the last change) are data in `userErrors`, not errors.
 * With Apollo Client, `client.mutate({ mutation: SetGroupPicture, variables })` is all it takes;
 * test/frontend/apollo-client-cache.test.ts runs exactly that against a composed supergraph.
 */
export const SetGroupPicture = graphql(`
  mutation SetGroupPicture($groupId: ID!, $image: ImageInput!) {
    setGroupPicture(groupId: $groupId, image: $image) {
      group {
        ...GroupPictures
      }
      userErrors {
        code
        message
        field
        retryAt
      }
    }
  }
`);

/** Removes a group's picture; the answer shows the group's picture as `NOT_SET`, for the cache alike. */
export const DeleteGroupPicture = graphql(`
  mutation DeleteGroupPicture($groupId: ID!) {
    deleteGroupPicture(groupId: $groupId) {
      group {
        ...GroupPictures
      }
      userErrors {
        code
        message
        field
        retryAt
      }
    }
  }
`);

export interface Avatar {
  readonly chatId: string;
  readonly name: string;
  /** `null` shows initials instead: no picture, a hidden one, or one the subgraph could not get. */
  readonly imageUrl: string | null;
  /** Keys the browser's image cache: the same for every size, it changes only when the picture does. */
  readonly version: string | null;
}

/** Posts one typed operation to the router; the result type follows the operation. */
export async function execute<Result, Variables>(
  routerUrl: string,
  document: TypedDocumentNode<Result, Variables>,
  variables: Variables,
  session: string,
): Promise<Result> {
  const response = await fetch(routerUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-wa-session': session },
    body: JSON.stringify({ query: print(document), variables }),
  });
  const body = (await response.json()) as { data?: Result | null; errors?: ReadonlyArray<{ message: string }> };
  if (body.data === undefined || body.data === null) {
    throw new Error(body.errors?.map((error) => error.message).join('; ') ?? `HTTP ${response.status}`);
  }
  // A failed picture is null with an error beside it; the rest of the data stands.
  return body.data;
}

export async function chatAvatars(routerUrl: string, session: string): Promise<Avatar[]> {
  const { chats } = await execute(routerUrl, ChatListWithPictures, { preview: true }, session);
  return chats.map((chat) => ({
    chatId: chat.id,
    name: chat.name,
    imageUrl: chat.picture?.status === 'AVAILABLE' ? (chat.picture.url ?? null) : null,
    version: chat.picture?.version ?? null,
  }));
}

/** What a change of a group's picture came to, as a form shows it. */
export type PictureChange =
  | { readonly ok: true; readonly imageUrl: string | null }
  | { readonly ok: false; readonly refusals: ReadonlyArray<{ readonly code: UserErrorCode; readonly message: string }> };

/** Sets a group's picture from `{ url }` or `{ base64 }`; a refusal comes back as data, typed by its code. */
export async function setGroupPicture(routerUrl: string, session: string, groupId: string, image: ImageInput): Promise<PictureChange> {
  const { setGroupPicture: payload } = await execute(routerUrl, SetGroupPicture, { groupId, image }, session);
  if (payload.userErrors.length > 0) {
    return { ok: false, refusals: payload.userErrors };
  }
  return { ok: true, imageUrl: payload.group?.picture?.url ?? null };
}

export async function deleteGroupPicture(routerUrl: string, session: string, groupId: string): Promise<PictureChange> {
  const { deleteGroupPicture: payload } = await execute(routerUrl, DeleteGroupPicture, { groupId }, session);
  return payload.userErrors.length > 0 ? { ok: false, refusals: payload.userErrors } : { ok: true, imageUrl: null };
}
