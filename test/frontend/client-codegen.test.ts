import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { composeServices } from '@apollo/composition';
import { generate } from '@graphql-codegen/cli';
import { printSchema, visit, type DocumentNode } from 'graphql';
import { afterEach, describe, expect, it } from 'vitest';
import exampleConfig from '../../examples/frontend/codegen.js';
import { typeDefs } from '../../src/schema.js';
import { neighbourTypeDefs } from '../support/neighbour-subgraph.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const example = join(root, 'examples/frontend');

/** The API schema a frontend sees: the supergraph of the neighbour subgraph and ours, composed as a router would. */
function supergraphApiSchema(pictureTypeDefs: DocumentNode): string {
  const result = composeServices([
    { name: 'messaging', url: 'http://messaging.invalid/graphql', typeDefs: neighbourTypeDefs },
    { name: 'pictures', url: 'http://pictures.invalid/graphql', typeDefs: pictureTypeDefs },
  ]);
  if (result.errors !== undefined) {
    throw new Error(result.errors.map((error) => error.message).join('; '));
  }
  return printSchema(result.schema.toAPISchema().toGraphQLJSSchema());
}

/** The example's recipe, run in a scratch copy: its codegen config, its client, then tsc over both. */
async function generateAndTypeCheck(dir: string, apiSchema: string): Promise<void> {
  writeFileSync(join(dir, 'supergraph-api.graphql'), apiSchema);
  copyFileSync(join(example, 'client.ts'), join(dir, 'client.ts'));
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  const [output] = Object.values(exampleConfig.generates);
  await generate(
    {
      ...exampleConfig,
      schema: join(dir, 'supergraph-api.graphql'),
      documents: [join(dir, 'client.ts')],
      generates: { [join(dir, '__generated__/')]: output as never },
      silent: true,
    },
    true,
  );
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        lib: ['ES2023', 'DOM'],
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        noEmit: true,
        skipLibCheck: true,
      },
      include: ['client.ts', '__generated__/*.ts'],
    }),
  );
  await run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(dir, 'tsconfig.json')], { cwd: dir });
}

describe('typed frontend codegen over the supergraph', () => {
  const dirs: string[] = [];
  function scratch(): string {
    const dir = mkdtempSync(join(tmpdir(), 'frontend-codegen-'));
    dirs.push(dir);
    return dir;
  }
  afterEach(() => {
    for (const dir of dirs.splice(0)) {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('generates typed documents for the example queries and mutations, and the example client type-checks against them', async () => {
    const dir = scratch();
    await generateAndTypeCheck(dir, supergraphApiSchema(typeDefs));
    const types = readFileSync(join(dir, '__generated__/graphql.ts'), 'utf8');
    expect(types).toContain('export type ChatListWithPicturesQuery');
    expect(types).toContain("picture?: { __typename?: 'ProfilePicture', status: PictureStatus, url?: string | null");
    expect(types).toMatch(/export type PictureStatus =\s+\/\*\*[^*]*\*\/\s+\| 'AVAILABLE'/);
    // The mutations: input typed from the schema, refusals typed by their code, the group's picture for the cache.
    expect(types).toContain('export type SetGroupPictureMutationVariables');
    expect(types).toMatch(/export type ImageInput = \{[^}]*base64\?: InputMaybe<Scalars\['String'\]\['input'\]>;[^}]*url\?:/);
    expect(types).toContain("userErrors: Array<{ __typename?: 'UserError', code: UserErrorCode, message: string");
    expect(types).toMatch(/export type UserErrorCode =(?:(?!export type)[\s\S])*\| 'RATE_LIMITED'/);
    expect(types).toMatch(
      /export type DeleteGroupPictureMutation = .*group\?: \{ __typename\?: 'Group', id: string, picture\?: \{ __typename\?: 'ProfilePicture', id\?: string \| null, version\?: string \| null/,
    );
  }, 60_000);

  it('fails when the subgraph drops a field the frontend uses', async () => {
    const withoutUrl = visit(typeDefs, {
      ObjectTypeDefinition: (type) =>
        type.name.value === 'ProfilePicture' ? { ...type, fields: type.fields?.filter((field) => field.name.value !== 'url') } : undefined,
    });
    await expect(generateAndTypeCheck(scratch(), supergraphApiSchema(withoutUrl))).rejects.toThrow(/Cannot query field "url"/);
  }, 60_000);
});
