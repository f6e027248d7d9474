import { readFileSync } from 'node:fs';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { gql } from 'graphql-tag';

/**
 * A subgraph like the ones our users run beside ours: it owns Chat, Contact and Group. Its SDL is
 * the frontend example's, so the supergraph the tests run is the one the example generates from.
 */
export const neighbourTypeDefs = gql(readFileSync(new URL('../../examples/frontend/messaging.graphql', import.meta.url), 'utf8'));

export interface NeighbourData {
  chats?: string[];
  contacts?: string[];
  groups?: string[];
}

export async function startNeighbourSubgraph(data: NeighbourData): Promise<{ url: string; close: () => Promise<void> }> {
  const server = new ApolloServer({
    // The array form: @apollo/subgraph 2.15 no longer takes a bare { typeDefs, resolvers }.
    schema: buildSubgraphSchema([
      {
        typeDefs: neighbourTypeDefs,
        resolvers: {
          Query: {
            chats: () => (data.chats ?? []).map((id, index) => ({ id, name: `Chat ${index}` })),
            contacts: () => (data.contacts ?? []).map((id, index) => ({ id, displayName: `Contact ${index}` })),
            groups: () => (data.groups ?? []).map((id, index) => ({ id, subject: `Group ${index}` })),
          },
        },
      },
    ]),
  });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
  return { url, close: () => server.stop() };
}
