import { Kind, parse, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { findRepresentations, representationProblem } from '../../src/graphql/representations.js';

function found(query: string, variables: Record<string, unknown> = {}) {
  const document = parse(query);
  const operation = document.definitions.find((definition) => definition.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;
  const fragments = new Map(
    document.definitions
      .filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION)
      .map((definition) => [definition.name.value, definition]),
  );
  const representations = findRepresentations(operation, fragments, variables);
  const values: unknown[] = [];
  representations.forEach((value) => values.push(value));
  return { count: representations.count, values };
}

const A = { __typename: 'Chat', id: '1@c.us' };
const B = { __typename: 'Group', id: '2@g.us' };

describe('findRepresentations counts every representation of an operation', () => {
  it('in a variable', () => {
    expect(found('query ($r: [_Any!]!) { _entities(representations: $r) { __typename } }', { r: [A, B] })).toEqual({
      count: 2,
      values: [A, B],
    });
  });

  it("in a variable's default, when the variable is not given", () => {
    const query =
      'query ($r: [_Any!]! = [{ __typename: "Chat", id: "1@c.us" }, { __typename: "Group", id: "2@g.us" }]) { _entities(representations: $r) { __typename } }';
    expect(found(query)).toEqual({ count: 2, values: [A, B] });
    expect(found(query, { r: [A] }).count).toBe(1);
  });

  it('written inline, as a list or as one value a list is coerced from', () => {
    expect(
      found('{ _entities(representations: [{ __typename: "Chat", id: "1@c.us" }, { __typename: "Group", id: "2@g.us" }]) { __typename } }'),
    ).toEqual({
      count: 2,
      values: [A, B],
    });
    expect(found('{ _entities(representations: { __typename: "Chat", id: "1@c.us" }) { __typename } }').count).toBe(1);
    expect(found('query ($r: [_Any!]!) { _entities(representations: $r) { __typename } }', { r: A }).count).toBe(1);
  });

  it('as a list of variables, each given or defaulted', () => {
    const query =
      'query ($a: _Any!, $b: _Any! = { __typename: "Group", id: "2@g.us" }) { _entities(representations: [$a, $b]) { __typename } }';
    expect(found(query, { a: A })).toEqual({ count: 2, values: [A, B] });
  });

  it('in every aliased _entities field, inline fragment and named fragment, each spread counted', () => {
    const query = `query ($r: [_Any!]!) {
      one: _entities(representations: $r) { __typename }
      ... on Query { two: _entities(representations: $r) { __typename } }
      ...More
      ...More
    }
    fragment More on Query { three: _entities(representations: [{ __typename: "Chat", id: "1@c.us" }]) { __typename } }`;
    expect(found(query, { r: [A, B] }).count).toBe(2 + 2 + 1 + 1);
  });

  it('without walking fragments exponentially or forever', () => {
    const doubling = `query { ...F0 } ${Array.from(
      { length: 60 },
      (_, index) =>
        `fragment F${index} on Query { ${index < 59 ? `...F${index + 1} ...F${index + 1}` : '_entities(representations: [{ __typename: "Chat", id: "1@c.us" }]) { __typename }'} }`,
    ).join(' ')}`;
    expect(found(doubling).count).toBe(2 ** 59);
    expect(found('query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }').count).toBe(0);
  });
});

describe('representationProblem', () => {
  const types = new Set(['Chat', 'Contact', 'Group']);
  it('accepts an object with a known __typename and a string id, and names what is wrong otherwise', () => {
    expect(representationProblem(A, types)).toBeNull();
    expect(representationProblem({ ...A, extra: 1 }, types)).toBeNull();
    expect(representationProblem(7, types)).toMatch(/object/);
    expect(representationProblem([A], types)).toMatch(/object/);
    expect(representationProblem(null, types)).toMatch(/object/);
    expect(representationProblem({ id: '1@c.us' }, types)).toMatch(/__typename/);
    expect(representationProblem({ __typename: 'Query', id: '1@c.us' }, types)).toMatch(/Chat, Contact, Group/);
    expect(representationProblem({ __typename: 'Chat', id: 5 }, types)).toMatch(/`id`/);
    expect(representationProblem({ __typename: 'Chat' }, types)).toMatch(/`id`/);
    expect(representationProblem({ __typename: 'Chat', id: '' }, types)).toMatch(/`id`/);
  });

  it('never repeats what the caller sent', () => {
    expect(representationProblem({ __typename: '<script>x</script>', id: '1@c.us' }, types)).not.toContain('script');
  });
});
