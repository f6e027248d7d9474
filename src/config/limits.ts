import { integer, type Env } from './env.js';

/**
 * What one GraphQL request may ask for, checked before anything runs. The defaults let every
 * document a router sends here through (routers send representations as variables, and this
 * schema is four fields deep) and stop abusive ones while they are still cheap to refuse.
 */
export interface RequestLimits {
  /** Most UTF-16 code units in a document (GRAPHQL_MAX_DOCUMENT_LENGTH); checked before parsing. */
  readonly maxDocumentLength: number;
  /** Most lexical tokens in a document (GRAPHQL_MAX_TOKENS); parsing stops at the next one. */
  readonly maxTokens: number;
  /** Most nested fields, fragments flattened, introspection included (GRAPHQL_MAX_DEPTH). */
  readonly maxDepth: number;
  /** Most aliased fields, counted through every fragment spread (GRAPHQL_MAX_ALIASES). */
  readonly maxAliases: number;
  /** Most directive uses (GRAPHQL_MAX_DIRECTIVES). */
  readonly maxDirectives: number;
  /** Most fragments (named or inline) nested in each other (GRAPHQL_MAX_FRAGMENT_DEPTH). */
  readonly maxFragmentDepth: number;
  /** Largest answer sent, in bytes: the last line of defence behind the others (RESPONSE_MAX_BYTES). */
  readonly maxResponseBytes: number;
}

export function limitsConfig(env: Env): RequestLimits {
  return {
    maxDocumentLength: integer(env, 'GRAPHQL_MAX_DOCUMENT_LENGTH', 65_536, 1_024, 16 * 1024 * 1024),
    // Validation work grows with tokens (quadratically for some documents), so the ceiling stays
    // where graphql-js's own recursive rules are still safe.
    maxTokens: integer(env, 'GRAPHQL_MAX_TOKENS', 5_000, 100, 20_000),
    maxDepth: integer(env, 'GRAPHQL_MAX_DEPTH', 15, 2, 100),
    maxAliases: integer(env, 'GRAPHQL_MAX_ALIASES', 30, 0, 10_000),
    maxDirectives: integer(env, 'GRAPHQL_MAX_DIRECTIVES', 50, 0, 10_000),
    maxFragmentDepth: integer(env, 'GRAPHQL_MAX_FRAGMENT_DEPTH', 10, 1, 100),
    maxResponseBytes: integer(env, 'RESPONSE_MAX_BYTES', 8 * 1024 * 1024, 64 * 1024, 1024 * 1024 * 1024),
  };
}
