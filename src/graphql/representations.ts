import {
  isUnionType,
  Kind,
  valueFromASTUntyped,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';

/** The names of the types `_entities` can resolve here (Chat, Contact, Group). */
export function entityTypeNames(schema: GraphQLSchema): ReadonlySet<string> {
  const entity = schema.getType('_Entity');
  return new Set(isUnionType(entity) ? entity.getTypes().map((type) => type.name) : []);
}

/**
 * Why a representation cannot be resolved here, or null when it can. The message never repeats
 * the caller's values. Only the shape is judged; a malformed JID fails its `picture` field later.
 */
export function representationProblem(value: unknown, entityTypes: ReadonlySet<string>): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return 'a representation must be an object';
  }
  const { __typename: typename, id } = value as { __typename?: unknown; id?: unknown };
  if (typeof typename !== 'string') {
    return 'a representation needs a __typename';
  }
  if (!entityTypes.has(typename)) {
    return `__typename must name an entity of this subgraph (${[...entityTypes].join(', ')})`;
  }
  if (typeof id !== 'string' || id === '') {
    return '`id` must be a non-empty string';
  }
  return null;
}

/** Where the representations of one `_entities` field come from: given values, or literals in the document. */
type Source =
  { readonly kind: 'values'; readonly values: readonly unknown[] } | { readonly kind: 'literals'; readonly nodes: readonly ValueNode[] };

export interface Representations {
  readonly count: number;
  /** Calls `visit` with every distinct representation value, literals converted (call it once `count` is known to be within bounds). */
  forEach(visit: (value: unknown) => void): void;
}

/** What of an operation decides its representations, whatever the variables: measured once per operation. */
interface OperationShape {
  /** Each `representations` argument of an `_entities` field, and how many times it is spread. */
  readonly arguments: ReadonlyMap<ValueNode, number>;
  readonly defaults: ReadonlyMap<string, ValueNode>;
}

// Operations come from Apollo's document cache: the same node for every request that sends them.
const shapes = new WeakMap<OperationDefinitionNode, OperationShape>();

function shapeOf(operation: OperationDefinitionNode, fragments: ReadonlyMap<string, FragmentDefinitionNode>): OperationShape {
  const known = shapes.get(operation);
  if (known !== undefined) {
    return known;
  }
  const memo = new Map<string, Map<ValueNode, number>>();
  const visiting = new Set<string>();
  const walk = (selectionSet: SelectionSetNode): Map<ValueNode, number> => {
    const found = new Map<ValueNode, number>();
    const add = (other: ReadonlyMap<ValueNode, number>) => {
      for (const [node, times] of other) {
        found.set(node, (found.get(node) ?? 0) + times);
      }
    };
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const argument =
          selection.name.value === '_entities' ? selection.arguments?.find((arg) => arg.name.value === 'representations') : undefined;
        if (argument !== undefined) {
          add(new Map([[argument.value, 1]]));
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        add(walk(selection.selectionSet));
      } else {
        const name = selection.name.value;
        const definition = fragments.get(name);
        // A cycle is refused by validation before this runs; skipping it here only keeps the walk finite.
        if (definition !== undefined && !visiting.has(name)) {
          let inner = memo.get(name);
          if (inner === undefined) {
            visiting.add(name);
            inner = walk(definition.selectionSet);
            visiting.delete(name);
            memo.set(name, inner);
          }
          add(inner);
        }
      }
    }
    return found;
  };
  const shape: OperationShape = {
    arguments: walk(operation.selectionSet),
    defaults: new Map(
      (operation.variableDefinitions ?? []).flatMap((definition) =>
        definition.defaultValue === undefined ? [] : [[definition.variable.name.value, definition.defaultValue] as const],
      ),
    ),
  };
  shapes.set(operation, shape);
  return shape;
}

const NONE: Representations = { count: 0, forEach: () => {} };

/**
 * Every representation an operation asks `_entities` to resolve, wherever it comes from:
 * variables, variable defaults, inline literals (one by one or as lists), any number of aliased
 * `_entities` fields, inside inline fragments and named fragments (each fragment walked once, and
 * each spread counted). `_entities` is a root field, so only the root selection set and its
 * fragments are walked, once per operation; each request then only looks up its variables.
 */
export function findRepresentations(
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  variables: Readonly<Record<string, unknown>>,
): Representations {
  const { arguments: found, defaults } = shapeOf(operation, fragments);
  if (found.size === 0) {
    return NONE;
  }
  const variable = (name: string): Source => {
    if (Object.hasOwn(variables, name)) {
      const given = variables[name];
      // A single value where a list is expected is coerced to a list of one.
      return { kind: 'values', values: Array.isArray(given) ? given : given === null || given === undefined ? [] : [given] };
    }
    const fallback = defaults.get(name);
    return fallback === undefined ? { kind: 'values', values: [] } : literal(fallback);
  };
  const literal = (node: ValueNode): Source => {
    if (node.kind === Kind.VARIABLE) {
      return variable(node.name.value);
    }
    return { kind: 'literals', nodes: node.kind === Kind.LIST ? node.values : node.kind === Kind.NULL ? [] : [node] };
  };
  // An item of a literal list may itself be a variable (of type `_Any!`): its value, or its default.
  const itemValue = (node: ValueNode): unknown => {
    if (node.kind !== Kind.VARIABLE) {
      return valueFromASTUntyped(node, variables);
    }
    const fallback = defaults.get(node.name.value);
    return Object.hasOwn(variables, node.name.value) || fallback === undefined
      ? variables[node.name.value]
      : valueFromASTUntyped(fallback, variables);
  };
  let count = 0;
  const sources: Source[] = [];
  for (const [node, times] of found) {
    const source = literal(node);
    count += (source.kind === 'values' ? source.values.length : source.nodes.length) * times;
    sources.push(source);
  }
  return {
    count,
    forEach: (visit) => {
      for (const source of sources) {
        if (source.kind === 'values') {
          source.values.forEach((value) => visit(value));
        } else {
          source.nodes.forEach((node) => visit(itemValue(node)));
        }
      }
    },
  };
}
