import { parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { operationLimitsRule } from '../../src/graphql/operation-limits.js';
import type { LimitName } from '../../src/observability/graphql-metrics.js';
import { buildSchema } from '../../src/schema.js';

const schema = buildSchema();
const LIMITS = { maxDepth: 4, maxAliases: 3, maxDirectives: 2, maxFragmentDepth: 2 };

function refusals(query: string): { limits: LimitName[]; messages: string[] } {
  const limits: LimitName[] = [];
  const errors = validate(schema, parse(query), [operationLimitsRule(LIMITS, (limit) => limits.push(limit))]);
  return { limits, messages: errors.map((error) => error.message) };
}

describe('operationLimitsRule', () => {
  it('lets an operation within every limit through', () => {
    expect(refusals('{ a: _service { sdl } b: _service { sdl } __typename }')).toEqual({ limits: [], messages: [] });
  });

  it('measures depth with fragments flattened', () => {
    expect(refusals('{ __schema { types { fields { type { name } } } } }').limits).toEqual(['depth']);
    expect(refusals('{ __schema { ...T } } fragment T on __Schema { types { fields { name } } }').limits).toEqual([]);
  });

  it('counts aliases every time their fragment is spread, and only real ones', () => {
    expect(refusals('{ ...A ...A } fragment A on Query { a: __typename b: __typename }').limits).toEqual(['aliases']);
    expect(refusals('{ __typename: __typename _service: _service { sdl: sdl } }').limits).toEqual([]);
  });

  it('counts directives on fields, fragments and the operation', () => {
    expect(
      refusals('query @skip(if: false) { __typename @include(if: true) ...A @skip(if: false) } fragment A on Query { b: __typename }')
        .limits,
    ).toEqual(['directives']);
  });

  it('counts named and inline fragments nested in each other', () => {
    expect(refusals('{ ... on Query { ... on Query { ... on Query { __typename } } } }').limits).toEqual(['fragment_depth']);
    expect(
      refusals('{ ...A } fragment A on Query { ...B } fragment B on Query { ...C } fragment C on Query { __typename }').limits,
    ).toEqual(['fragment_depth']);
    expect(refusals('{ ...A } fragment A on Query { ... on Query { __typename } }').limits).toEqual([]);
  });

  it('names the variable that sets the limit, and finishes on fragment cycles', () => {
    expect(refusals('{ __schema { types { fields { type { name } } } } }').messages).toEqual([
      'The operation is 5 fields deep; this subgraph allows 4 (GRAPHQL_MAX_DEPTH)',
    ]);
    expect(refusals('{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }').limits).toEqual([]);
  });
});
