import { readFileSync } from 'node:fs';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { Kind, type DocumentNode } from 'graphql';
import { gql } from 'graphql-tag';

const CLIENT_SOURCE = new URL('../../examples/frontend/client.ts', import.meta.url);

// client-preset's own marker: every operation of the example is a graphql(`…`) call without substitutions.
const GRAPHQL_CALL = /graphql\(`([^`]*)`\)/g;

function operationName(document: DocumentNode): string | undefined {
  const [definition] = document.definitions;
  return definition?.kind === Kind.OPERATION_DEFINITION ? definition.name?.value : undefined;
}

/**
 * One operation of the frontend example, exactly as its client.ts writes it, so a test runs the
 * recipe's real selections rather than a copy that could drift. Fragments it spreads come along,
 * as client-preset adds them. The result and variable types are the test's declaration of what it
 * reads; client-preset generates the same shapes for the example.
 */
export function exampleOperation<Result, Variables>(name: string): TypedDocumentNode<Result, Variables> {
  const source = readFileSync(CLIENT_SOURCE, 'utf8');
  const documents = [...source.matchAll(GRAPHQL_CALL)].map(([, text]) => ({ text: text as string, document: gql(text as string) }));
  const operation = documents.find(({ document }) => operationName(document) === name);
  if (operation === undefined) {
    throw new Error(`examples/frontend/client.ts has no operation named ${name}`);
  }
  const fragments = documents.filter(({ document }) => {
    const [definition] = document.definitions;
    return definition?.kind === Kind.FRAGMENT_DEFINITION && new RegExp(`\\.\\.\\.${definition.name.value}\\b`).test(operation.text);
  });
  return gql([operation.text, ...fragments.map(({ text }) => text)].join('\n')) as TypedDocumentNode<Result, Variables>;
}
