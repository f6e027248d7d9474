import type { GraphQLResponse } from '@apollo/server';
import type { FormattedExecutionResult } from 'graphql';

/** Narrows an executeOperation response to its single result, failing the test otherwise. */
export function singleResult<TData = Record<string, unknown>>(response: GraphQLResponse<TData>): FormattedExecutionResult<TData> {
  if (response.body.kind !== 'single') {
    throw new Error(`expected a single result, got ${response.body.kind}`);
  }
  return response.body.singleResult;
}
