import type { CodegenConfig } from '@graphql-codegen/cli';

// The SDL in schema/ is the source of truth; these types follow it, never the other way round.
const config: CodegenConfig = {
  schema: 'schema/*.graphql',
  generates: {
    'src/__generated__/resolvers-types.ts': {
      plugins: ['typescript', 'typescript-resolvers'],
      config: {
        federation: true,
        useIndexSignature: true,
        useTypeImports: true,
        enumsAsTypes: true,
        contextType: '../context.js#Context',
        mappers: {
          Chat: '../pictures/entity-ref.js#EntityRef',
          Contact: '../pictures/entity-ref.js#EntityRef',
          Group: '../pictures/entity-ref.js#EntityRef',
          ProfilePicture: '../pictures/picture-view.js#PictureView',
          SetGroupPicturePayload: '../pictures/group-picture-writer.js#GroupPictureChange',
          DeleteGroupPicturePayload: '../pictures/group-picture-writer.js#GroupPictureChange',
        },
        scalars: {
          DateTime: { input: 'Date', output: 'Date' },
        },
      },
    },
  },
};

export default config;
