import { Kind, parse, print, type ObjectTypeDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { typeDefs } from '../../src/schema.js';
import { neighbourTypeDefs } from '../support/neighbour-subgraph.js';
import { composeSupergraph } from '../support/supergraph.js';

describe('composition', () => {
  const supergraph = parse(
    composeSupergraph([
      { name: 'messaging', url: 'http://127.0.0.1:1/graphql', typeDefs: neighbourTypeDefs },
      { name: 'pictures', url: 'http://127.0.0.1:2/graphql', typeDefs },
    ]),
  );
  const objectType = (name: string) =>
    supergraph.definitions.find(
      (definition): definition is ObjectTypeDefinitionNode =>
        definition.kind === Kind.OBJECT_TYPE_DEFINITION && definition.name.value === name,
    );

  it.each(['Chat', 'Contact', 'Group'])('adds picture(preview, refresh) to the neighbour-owned %s', (name) => {
    const fields = objectType(name)?.fields ?? [];
    const picture = fields.find((field) => field.name.value === 'picture');
    expect(fields.map((field) => field.name.value)).toEqual(expect.arrayContaining(['id', 'picture']));
    expect(print(picture?.type ?? { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: 'missing' } })).toBe('ProfilePicture');
    expect(
      picture?.arguments?.map(
        (argument) => `${argument.name.value}: ${print(argument.type)} = ${argument.defaultValue ? print(argument.defaultValue) : ''}`,
      ),
    ).toEqual(['preview: Boolean! = false', 'refresh: Boolean! = false']);
  });

  it('carries ProfilePicture, PictureStatus and DateTime as the contract says', () => {
    expect(
      objectType('ProfilePicture')?.fields?.map((field) => {
        const args = (field.arguments ?? []).map(
          (argument) =>
            `${argument.name.value}: ${print(argument.type)}${argument.defaultValue ? ` = ${print(argument.defaultValue)}` : ''}`,
        );
        return `${field.name.value}${args.length > 0 ? `(${args.join(', ')})` : ''}: ${print(field.type)}`;
      }),
    ).toEqual([
      'url: String',
      'id: ID',
      'version: String',
      'status: PictureStatus!',
      'preview: Boolean!',
      'expiresAt: DateTime',
      'fetchedAt: DateTime!',
      'hostedUrl(size: PictureSize = FULL): String',
      'displayUrl(initials: String, size: PictureSize = FULL): String!',
    ]);
    const statuses = supergraph.definitions.find(
      (definition) => definition.kind === Kind.ENUM_TYPE_DEFINITION && definition.name.value === 'PictureStatus',
    );
    expect(statuses?.kind === Kind.ENUM_TYPE_DEFINITION ? statuses.values?.map((value) => value.name.value) : []).toEqual([
      'AVAILABLE',
      'NOT_SET',
      'HIDDEN',
      'NONE',
    ]);
    expect(
      supergraph.definitions.some((definition) => definition.kind === Kind.SCALAR_TYPE_DEFINITION && definition.name.value === 'DateTime'),
    ).toBe(true);
  });
});
