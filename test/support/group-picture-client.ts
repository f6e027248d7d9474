/**
 * The group picture mutations as a client sends them, over real HTTP to a gateway or straight to
 * a subgraph, with the answers typed for assertions.
 */

export interface PictureView {
  readonly id: string | null;
  readonly version: string | null;
  readonly url: string | null;
  readonly status: string;
}

export interface UserErrorView {
  readonly code: string;
  readonly message: string;
  readonly field: string[] | null;
  readonly retryAt: string | null;
}

export interface GroupPicturePayload {
  /** `picture` is absent when the operation did not select it (the bare documents read nothing). */
  readonly group: { readonly id: string; readonly picture?: PictureView | null } | null;
  readonly picture?: PictureView | null;
  readonly userErrors: UserErrorView[];
}

export interface GraphQLAnswer<T> {
  readonly status: number;
  readonly data?: T | null;
  readonly errors?: Array<{ message: string; path?: unknown[]; extensions?: { code?: string } }>;
}

export type ImageInput = { readonly url?: string; readonly base64?: string };

const PICTURE = 'id version url status';
const USER_ERRORS = 'userErrors { code message field retryAt }';

/** The payload with the group's picture after the change: one read, through the request's loader. */
const SET = `#graphql
  mutation SetGroupPicture($groupId: ID!, $image: ImageInput!) {
    setGroupPicture(groupId: $groupId, image: $image) { group { id picture { ${PICTURE} } } picture { ${PICTURE} } ${USER_ERRORS} }
  }`;
/** Selects nothing that reads a picture (`picture` is null unless the change happened), so any provider call is the write's. */
const SET_BARE = `#graphql
  mutation SetGroupPictureBare($groupId: ID!, $image: ImageInput!) {
    setGroupPicture(groupId: $groupId, image: $image) { group { id } ${USER_ERRORS} }
  }`;
const DELETE = `#graphql
  mutation DeleteGroupPicture($groupId: ID!) {
    deleteGroupPicture(groupId: $groupId) { group { id picture { ${PICTURE} } } ${USER_ERRORS} }
  }`;
const DELETE_BARE = `#graphql
  mutation DeleteGroupPictureBare($groupId: ID!) {
    deleteGroupPicture(groupId: $groupId) { group { id } ${USER_ERRORS} }
  }`;

/** The neighbour's groups with our picture on each: the read a frontend makes through the gateway. */
const GROUPS = `#graphql
  query Groups { groups { id subject picture { ${PICTURE} } } }`;

/** Our own `_entities`, for a subgraph without a gateway in front. */
const GROUP_ENTITY = `#graphql
  query GroupEntity($id: ID!) { _entities(representations: [{ __typename: "Group", id: $id }]) { ... on Group { picture { ${PICTURE} } } } }`;

export interface GroupPictureClient {
  post<T>(query: string, variables?: Record<string, unknown>, session?: string): Promise<GraphQLAnswer<T>>;
  set(
    groupId: string,
    image: ImageInput,
    options?: { session?: string; bare?: boolean },
  ): Promise<GraphQLAnswer<{ setGroupPicture: GroupPicturePayload }>>;
  delete(
    groupId: string,
    options?: { session?: string; bare?: boolean },
  ): Promise<GraphQLAnswer<{ deleteGroupPicture: GroupPicturePayload }>>;
  /** Through a gateway: the neighbour's `groups` query with our `picture`; the one group asked for. */
  groupsPicture(groupId: string, session?: string): Promise<PictureView>;
  /** Straight to our subgraph: `_entities` for one Group. */
  entityPicture(groupId: string, session?: string): Promise<PictureView>;
}

/** A client of the GraphQL endpoint at exactly `endpoint` (a gateway's root, or a subgraph's /graphql). */
export function groupPictureClient(endpoint: string): GroupPictureClient {
  async function post<T>(query: string, variables: Record<string, unknown> = {}, session?: string): Promise<GraphQLAnswer<T>> {
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(session === undefined ? {} : { 'x-wa-session': session }) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as Omit<GraphQLAnswer<T>, 'status'>;
    return { status: response.status, ...body };
  }

  return {
    post,
    set: (groupId, image, options = {}) => post(options.bare ? SET_BARE : SET, { groupId, image }, options.session),
    delete: (groupId, options = {}) => post(options.bare ? DELETE_BARE : DELETE, { groupId }, options.session),
    groupsPicture: async (groupId, session) => {
      const { groups } = dataOf(await post<{ groups: Array<{ id: string; picture: PictureView | null }> }>(GROUPS, {}, session));
      const picture = groups.find((group) => group.id === groupId)?.picture;
      if (picture === undefined || picture === null) {
        throw new Error(`no picture for ${groupId} in ${JSON.stringify(groups)}`);
      }
      return picture;
    },
    entityPicture: async (groupId, session) => {
      const { _entities } = dataOf(
        await post<{ _entities: Array<{ picture: PictureView | null }> }>(GROUP_ENTITY, { id: groupId }, session),
      );
      const picture = _entities[0]?.picture;
      if (picture === undefined || picture === null) {
        throw new Error(`no picture for ${groupId}`);
      }
      return picture;
    },
  };
}

/** The data of an answer that must have no GraphQL errors: refusals are userErrors, never errors. */
export function dataOf<T>(answer: GraphQLAnswer<T>): T {
  if (answer.status !== 200 || answer.errors !== undefined || answer.data === undefined || answer.data === null) {
    throw new Error(`expected HTTP 200 with data and no errors, got ${answer.status} ${JSON.stringify(answer)}`);
  }
  return answer.data;
}
