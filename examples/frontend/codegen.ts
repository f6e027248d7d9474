import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * A frontend's codegen config: typed documents for the operations in client.ts, generated from
 * the supergraph's API schema. Produce that schema with
 * `rover supergraph compose --config supergraph.yaml > supergraph.graphql` and
 * `rover graph introspect` on the router, or point `schema` at the router's URL.
 */
const config: CodegenConfig = {
  schema: 'supergraph-api.graphql',
  documents: ['client.ts'],
  ignoreNoDocuments: false,
  generates: {
    './__generated__/': {
      preset: 'client',
      // The helpers read a mutation's picture straight from its answer; masking would hide the
      // shared GroupPictures fields behind useFragment.
      presetConfig: { fragmentMasking: false },
      config: {
        // ESM with NodeNext resolution needs the `.js` in relative imports.
        emitLegacyCommonJSImports: false,
        useTypeImports: true,
        enumsAsTypes: true,
        // DateTime travels as an ISO 8601 string.
        scalars: { DateTime: 'string' },
      },
    },
  },
};

export default config;
