import { GraphQLError, Kind, type ASTVisitor, type SelectionSetNode, type ValidationContext, type ValidationRule } from 'graphql';
import type { RequestLimits } from '../config/index.js';
import type { LimitName } from '../observability/graphql-metrics.js';

type ShapeLimits = Pick<RequestLimits, 'maxDepth' | 'maxAliases' | 'maxDirectives' | 'maxFragmentDepth'>;

/** What an operation asks for, fragments expanded (each named fragment measured once). */
interface Shape {
  /** Nested fields; fragments are flattened. */
  readonly depth: number;
  /** Aliased fields, counted every time their fragment is spread. */
  readonly aliases: number;
  readonly directives: number;
  /** Fragments, named or inline, nested in each other. */
  readonly fragmentDepth: number;
}

const EMPTY: Shape = { depth: 0, aliases: 0, directives: 0, fragmentDepth: 0 };

interface Check {
  readonly limit: LimitName;
  readonly variable: string;
  readonly measure: (shape: Shape) => number;
  readonly max: (limits: ShapeLimits) => number;
  readonly describe: (value: number, max: number) => string;
}

const CHECKS: readonly Check[] = [
  {
    limit: 'depth',
    variable: 'GRAPHQL_MAX_DEPTH',
    measure: (shape) => shape.depth,
    max: (limits) => limits.maxDepth,
    describe: (value) => `is ${value} fields deep`,
  },
  {
    limit: 'aliases',
    variable: 'GRAPHQL_MAX_ALIASES',
    measure: (shape) => shape.aliases,
    max: (limits) => limits.maxAliases,
    describe: (value) => `has ${value} aliases`,
  },
  {
    limit: 'directives',
    variable: 'GRAPHQL_MAX_DIRECTIVES',
    measure: (shape) => shape.directives,
    max: (limits) => limits.maxDirectives,
    describe: (value) => `uses ${value} directives`,
  },
  {
    limit: 'fragment_depth',
    variable: 'GRAPHQL_MAX_FRAGMENT_DEPTH',
    measure: (shape) => shape.fragmentDepth,
    max: (limits) => limits.maxFragmentDepth,
    // The walk stops one level past the limit, so how much deeper a long chain goes is not known.
    describe: (_, max) => `nests fragments more than ${max} deep`,
  },
];

/**
 * Refuses an operation past the depth, alias, directive or fragment-nesting limits: a validation
 * error, so Apollo answers 400 before anything runs, and (once valid) the document is cached and
 * never measured again. Measuring is linear in the document: each named fragment is measured
 * once, and the walk stops descending once fragments nest past their limit.
 */
export function operationLimitsRule(limits: ShapeLimits, refused: (limit: LimitName) => void = () => {}): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const measured = new Map<string, Shape>();
    const open = new Set<string>();

    const measureFragment = (name: string, nesting: number): Shape => {
      const known = measured.get(name);
      if (known !== undefined) {
        return known;
      }
      const fragment = context.getFragment(name);
      // Unknown fragments and cycles are other rules' errors; they add nothing here.
      if (fragment === undefined || fragment === null || open.has(name)) {
        return EMPTY;
      }
      open.add(name);
      const inner = measure(fragment.selectionSet, nesting + 1);
      open.delete(name);
      const shape = { ...inner, directives: inner.directives + (fragment.directives?.length ?? 0), fragmentDepth: inner.fragmentDepth + 1 };
      measured.set(name, shape);
      return shape;
    };

    const measure = (selectionSet: SelectionSetNode, nesting: number): Shape => {
      if (nesting > limits.maxFragmentDepth) {
        // Already refused; going deeper would only spend time and stack on a long chain.
        return { ...EMPTY, fragmentDepth: 1 };
      }
      let depth = 0;
      let aliases = 0;
      let directives = 0;
      let fragmentDepth = 0;
      for (const selection of selectionSet.selections) {
        directives += selection.directives?.length ?? 0;
        let inner: Shape;
        if (selection.kind === Kind.FIELD) {
          inner = selection.selectionSet === undefined ? EMPTY : measure(selection.selectionSet, nesting);
          depth = Math.max(depth, inner.depth + 1);
          aliases += selection.alias !== undefined && selection.alias.value !== selection.name.value ? 1 : 0;
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          const body = measure(selection.selectionSet, nesting + 1);
          inner = { ...body, fragmentDepth: body.fragmentDepth + 1 };
          depth = Math.max(depth, inner.depth);
        } else {
          inner = measureFragment(selection.name.value, nesting);
          depth = Math.max(depth, inner.depth);
        }
        aliases += inner.aliases;
        directives += inner.directives;
        fragmentDepth = Math.max(fragmentDepth, inner.fragmentDepth);
      }
      return { depth, aliases, directives, fragmentDepth };
    };

    return {
      OperationDefinition(operation) {
        const body = measure(operation.selectionSet, 0);
        const shape = { ...body, directives: body.directives + (operation.directives?.length ?? 0) };
        for (const check of CHECKS) {
          const value = check.measure(shape);
          const max = check.max(limits);
          if (value > max) {
            refused(check.limit);
            context.reportError(
              new GraphQLError(`The operation ${check.describe(value, max)}; this subgraph allows ${max} (${check.variable})`, {
                nodes: [operation],
              }),
            );
          }
        }
        // Nothing below an operation needs this rule again.
        return false;
      },
    };
  };
}
