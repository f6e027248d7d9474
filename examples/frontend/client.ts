import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { graphql } from './__generated__/gql.js';

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

export interface Avatar {
  readonly chatId: string;
  readonly name: string;
  /** `null` shows initials instead: no picture, a hidden one, or one the subgraph could not get. */
  readonly imageUrl: string | null;
  /** Keys the browser's image cache: it changes only when the picture does. */
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
    version: chat.picture?.id ?? null,
  }));
}
