import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, type SelectionSetNode, type ValueNode } from 'graphql';

/**
 * Caps the representations of one `_entities` request before it runs. They travel in variables,
 * so no depth or cost limit sees them, and each costs CPU even when cached.
 */
export function representationLimitPlugin(max: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, request }) {
          if (operation === undefined) {
            return;
          }
          const fragments = new Map(
            document.definitions.flatMap((definition) =>
              definition.kind === Kind.FRAGMENT_DEFINITION ? [[definition.name.value, definition.selectionSet] as const] : [],
            ),
          );
          const count = countRepresentations(operation.selectionSet, fragments, request.variables ?? {});
          if (count > max) {
            throw new GraphQLError(`Too many entity representations: ${count}, the limit is ${max}`, {
              extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}

function countRepresentations(
  selectionSet: SelectionSetNode,
  fragments: ReadonlyMap<string, SelectionSetNode>,
  variables: Readonly<Record<string, unknown>>,
): number {
  let count = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      const argument =
        selection.name.value === '_entities' ? selection.arguments?.find((arg) => arg.name.value === 'representations') : undefined;
      count += argument === undefined ? 0 : listLength(argument.value, variables);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      count += countRepresentations(selection.selectionSet, fragments, variables);
    } else {
      const fragment = fragments.get(selection.name.value);
      count += fragment === undefined ? 0 : countRepresentations(fragment, fragments, variables);
    }
  }
  return count;
}

function listLength(value: ValueNode, variables: Readonly<Record<string, unknown>>): number {
  if (value.kind === Kind.LIST) {
    return value.values.length;
  }
  if (value.kind === Kind.VARIABLE) {
    const given = variables[value.name.value];
    return Array.isArray(given) ? given.length : 1;
  }
  return 1;
}
