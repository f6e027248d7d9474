import { readFileSync } from 'node:fs';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/index.js';
import { gql } from 'graphql-tag';
import { DateTime } from '../../src/resolvers/date-time.js';

/** The peers serve the very same SDL as ours, so every server answers the same query the same way. */
const typeDefs = gql(readFileSync(new URL('../../schema/picture.graphql', import.meta.url), 'utf8'));

type PictureResolver = (reference: { id: string }) => unknown;

/**
 * A plain Apollo Server subgraph on the standalone HTTP server, whose `picture` is `resolve`: the
 * way most people write a subgraph. Prints its URL as one JSON line for the bench to read.
 */
export async function servePeer(resolve: PictureResolver): Promise<void> {
  const entity = { __resolveReference: (reference: { id: string }) => reference, picture: resolve };
  const resolvers = { Chat: entity, Contact: entity, Group: entity, DateTime } as unknown as GraphQLResolverMap<unknown>;
  const server = new ApolloServer({ schema: buildSubgraphSchema({ typeDefs, resolvers }) });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
  process.stdout.write(`${JSON.stringify({ url: url.replace(/\/$/, '') })}\n`);
}
