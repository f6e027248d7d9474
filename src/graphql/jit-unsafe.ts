import { BREAK, visit, type DocumentNode } from 'graphql';

/**
 * Why graphql-jit may answer `document` differently from graphql-js, or `undefined`.
 *
 * graphql-jit coerces literal arguments when it compiles, before any variables exist. For list and
 * input object literals it patches variables in afterwards, but a custom scalar's literal (an
 * `_Any` representation written inline, `[{ __typename: "Chat", id: $id }]`) is parsed whole, and a
 * variable inside it silently becomes `undefined`. Any variable inside a list or object literal
 * therefore sends the document to graphql-js: routers pass representations as variables, so the
 * documents that matter are unaffected.
 */
export function jitUnsafe(document: DocumentNode): string | undefined {
  let literals = 0;
  let unsafe = false;
  const literal = {
    enter: () => {
      literals += 1;
    },
    leave: () => {
      literals -= 1;
    },
  };
  visit(document, {
    ListValue: literal,
    ObjectValue: literal,
    Variable: () => {
      if (literals > 0) {
        unsafe = true;
        return BREAK;
      }
      return undefined;
    },
  });
  return unsafe ? 'a variable inside a list or object literal' : undefined;
}
