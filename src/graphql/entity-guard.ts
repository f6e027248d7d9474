import { GraphQLError, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { entityTypeNames, representationProblem } from './representations.js';

/**
 * Makes a malformed representation (not an object, no or an unknown `__typename`, a missing or
 * non-string `id`) fail its own entity with BAD_USER_INPUT, and the other entities stand. Left to
 * @apollo/subgraph, an unknown `__typename` fails the whole `_entities` field, and a bad `id` fails
 * deep inside a resolver, as INTERNAL_SERVER_ERROR with an error log line per representation.
 * It wraps the schema's own resolver, so it holds whichever executor runs the schema.
 */
export function guardEntityRepresentations(schema: GraphQLSchema): GraphQLSchema {
  const field = schema.getQueryType()?.getFields()._entities;
  if (field === undefined) {
    return schema;
  }
  const resolve: GraphQLFieldResolver<unknown, unknown> | undefined = field.resolve;
  if (resolve === undefined) {
    return schema;
  }
  const entityTypes = entityTypeNames(schema);
  field.resolve = (source, args: Record<string, unknown>, context, info) => {
    const representations = args.representations as readonly unknown[];
    if (representations.every((representation) => representationProblem(representation, entityTypes) === null)) {
      return resolve(source, args, context, info);
    }
    const problems = representations.map((representation) => representationProblem(representation, entityTypes));
    const valid = representations.filter((_, index) => problems[index] === null);
    const settle = (resolved: readonly unknown[]) => {
      let next = 0;
      // graphql-js turns an Error in a list into that item's error, at its own path.
      return problems.map((problem) =>
        problem === null
          ? resolved[next++]
          : new GraphQLError(`Invalid entity representation: ${problem}`, { extensions: { code: 'BAD_USER_INPUT' } }),
      );
    };
    const resolved = resolve(source, { ...args, representations: valid }, context, info) as
      readonly unknown[] | Promise<readonly unknown[]>;
    return resolved instanceof Promise ? resolved.then(settle) : settle(resolved);
  };
  return schema;
}
