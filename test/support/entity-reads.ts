import type { PictureView } from './group-picture-client.js';

export type EntityType = 'Chat' | 'Contact' | 'Group';

/** What one `_entities` read answered, with the headers a router acts on. */
export interface EntityRead {
  readonly status: number;
  readonly cacheControl: string | null;
  readonly vary: string | null;
  readonly pictures: Array<PictureView | null>;
  readonly errors: Array<{ message: string; path?: unknown[]; extensions?: { code?: string } }>;
  /** `extensions.apolloEntityCacheTags`, aligned with the representations; undefined when absent. */
  readonly tags: string[][] | undefined;
}

const PICTURE = 'picture(preview: $preview, refresh: $refresh) { id version url status preview expiresAt }';

/** The `_entities` query a router sends this subgraph for pictures of any of the three types. */
export const ENTITIES = `#graphql
  query Pictures($representations: [_Any!]!, $preview: Boolean! = false, $refresh: Boolean! = false) {
    _entities(representations: $representations) {
      ... on Chat { ${PICTURE} }
      ... on Contact { ${PICTURE} }
      ... on Group { ${PICTURE} }
    }
  }`;

/** Reads pictures straight from a subgraph at `url`, as a router would, on `session`. */
export async function readPictures(
  url: string,
  representations: ReadonlyArray<readonly [EntityType, string]>,
  options: { session?: string; preview?: boolean; refresh?: boolean; headers?: Record<string, string> } = {},
): Promise<EntityRead> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(options.session === undefined ? {} : { 'x-wa-session': options.session }),
      ...options.headers,
    },
    body: JSON.stringify({
      query: ENTITIES,
      variables: {
        representations: representations.map(([__typename, id]) => ({ __typename, id })),
        preview: options.preview ?? false,
        refresh: options.refresh ?? false,
      },
    }),
  });
  const body = (await response.json()) as {
    data?: { _entities?: Array<{ picture?: PictureView | null } | null> } | null;
    errors?: EntityRead['errors'];
    extensions?: { apolloEntityCacheTags?: string[][] };
  };
  return {
    status: response.status,
    cacheControl: response.headers.get('cache-control'),
    vary: response.headers.get('vary'),
    pictures: (body.data?._entities ?? []).map((entity) => entity?.picture ?? null),
    errors: body.errors ?? [],
    tags: body.extensions?.apolloEntityCacheTags,
  };
}

/** One entity's picture, which must be there without errors. */
export async function readPicture(url: string, type: EntityType, id: string, options: { session?: string; refresh?: boolean } = {}) {
  const read = await readPictures(url, [[type, id]], options);
  const picture = read.pictures[0];
  if (read.errors.length > 0 || picture === null || picture === undefined) {
    throw new Error(`no picture for ${type} ${id}: ${JSON.stringify(read.errors)}`);
  }
  return { picture, tags: read.tags?.[0] ?? [], cacheControl: read.cacheControl };
}
