import { readFileSync } from 'node:fs';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLSchema } from 'graphql';
import { gql } from 'graphql-tag';
import { resolvers } from './resolvers/index.js';

/** The SDL in schema/ is the one source of truth: loaded here at runtime and by codegen at build time. */
export const typeDefs = gql(readFileSync(new URL('../schema/picture.graphql', import.meta.url), 'utf8'));

export function buildSchema(): GraphQLSchema {
  return buildSubgraphSchema({ typeDefs, resolvers });
}
