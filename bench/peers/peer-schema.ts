import { readFileSync } from 'node:fs';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { DocumentNode } from 'graphql';
import { gql } from 'graphql-tag';
import { DateTime } from '../../src/resolvers/date-time.js';

/** The peers serve the very same SDL as ours, so every server answers the same query the same way. */
const typeDefs = gql(readFileSync(new URL('../../schema/picture.graphql', import.meta.url), 'utf8'));

type PictureResolver = (reference: { id: string }) => unknown;

/**
 * A schema module's resolver map, read off buildSubgraphSchema's own signature: @apollo/subgraph 2.14
 * exports the type only from a deep dist/ path that 2.15 removed (2.15 exports it from the root).
 */
type ResolverMap = NonNullable<
  Exclude<Extract<Parameters<typeof buildSubgraphSchema>[0], readonly unknown[]>[number], DocumentNode>['resolvers']
>;

/**
 * A plain Apollo Server subgraph on the standalone HTTP server, whose `picture` is `resolve`: the
 * way most people write a subgraph. Prints its URL as one JSON line for the bench to read.
 */
export async function servePeer(resolve: PictureResolver): Promise<void> {
  const entity = { __resolveReference: (reference: { id: string }) => reference, picture: resolve };
  const resolvers = { Chat: entity, Contact: entity, Group: entity, DateTime } as unknown as ResolverMap;
  // The array form: @apollo/subgraph 2.15 no longer takes a bare { typeDefs, resolvers }.
  const server = new ApolloServer({ schema: buildSubgraphSchema([{ typeDefs, resolvers }]) });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
  process.stdout.write(`${JSON.stringify({ url: url.replace(/\/$/, '') })}\n`);
}
