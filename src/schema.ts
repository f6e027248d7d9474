import { readdirSync, readFileSync } from 'node:fs';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { Kind, type DocumentNode, type GraphQLSchema } from 'graphql';
import { gql } from 'graphql-tag';
import { guardEntityRepresentations } from './graphql/entity-guard.js';
import { resolvers } from './resolvers/index.js';

const SCHEMA_DIR = new URL('../schema/', import.meta.url);

/**
 * The SDL in schema/ is the one source of truth: every `.graphql` file there is loaded here at
 * runtime, in name order, and by codegen (`schema/*.graphql`) at build time.
 */
export const typeDefs: DocumentNode = {
  kind: Kind.DOCUMENT,
  definitions: readdirSync(SCHEMA_DIR)
    .filter((name) => name.endsWith('.graphql'))
    .sort()
    .flatMap((name) => gql(readFileSync(new URL(name, SCHEMA_DIR), 'utf8')).definitions),
};

export function buildSchema(): GraphQLSchema {
  // The array form: the object form is gone in @apollo/subgraph 2.15.
  return guardEntityRepresentations(buildSubgraphSchema([{ typeDefs, resolvers }]));
}
