import { composeServices as composeWithApollo } from '@apollo/composition';
import { composeServices as composeWithTheGuild } from '@theguild/federation-composition';
import { federateSubgraphs } from '@wundergraph/composition';
import { Kind, parse, print, type DocumentNode, type ObjectTypeDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { typeDefs } from '../../src/schema.js';
import { neighbourTypeDefs } from '../support/neighbour-subgraph.js';
import { supergraphForApolloGateway } from '../support/supergraph.js';

const SUBGRAPHS = [
  { name: 'messaging', url: 'http://127.0.0.1:1/graphql', typeDefs: neighbourTypeDefs },
  { name: 'pictures', url: 'http://127.0.0.1:2/graphql', typeDefs },
];

/** Each field of the supergraph that carries an authorization directive, with the directive as printed. */
function authorizationDirectives(supergraphSdl: string): string[] {
  return parse(supergraphSdl)
    .definitions.filter((definition): definition is ObjectTypeDefinitionNode => definition.kind === Kind.OBJECT_TYPE_DEFINITION)
    .flatMap((type) =>
      (type.fields ?? []).flatMap((field) =>
        (field.directives ?? [])
          .filter((directive) => directive.name.value === 'authenticated' || directive.name.value === 'requiresScopes')
          .map((directive) => `${type.name.value}.${field.name.value} ${print(directive)}`),
      ),
    )
    .sort();
}

const EXPECTED = [
  'Chat.picture @authenticated',
  'Contact.picture @authenticated',
  'Group.picture @authenticated',
  'Mutation.deleteGroupPicture @requiresScopes(scopes: [["pictures:write"]])',
  'Mutation.setGroupPicture @requiresScopes(scopes: [["pictures:write"]])',
];

function supergraphOf(result: { supergraphSdl?: string | undefined; errors?: ReadonlyArray<{ message: string }> | undefined }): string {
  if (result.errors !== undefined && result.errors.length > 0) {
    throw new Error(result.errors.map((error) => error.message).join('; '));
  }
  if (result.supergraphSdl === undefined) {
    throw new Error('no supergraph');
  }
  return result.supergraphSdl;
}

describe('the authorization directives compose under the three federation composers', () => {
  it("Apollo's @apollo/composition puts them in the supergraph, linked for SECURITY", () => {
    const supergraph = supergraphOf(composeWithApollo(SUBGRAPHS));
    expect(authorizationDirectives(supergraph)).toEqual(EXPECTED);
    expect(supergraph).toContain('@link(url: "https://specs.apollo.dev/authenticated/v0.1", for: SECURITY)');
    expect(supergraph).toContain('@link(url: "https://specs.apollo.dev/requiresScopes/v0.1", for: SECURITY)');
  });

  it("The Guild's composer (Hive) puts them in the supergraph too", () => {
    const supergraph = supergraphOf(
      composeWithTheGuild(SUBGRAPHS.map(({ name, url, typeDefs: document }) => ({ name, url, typeDefs: document }))),
    );
    expect(authorizationDirectives(supergraph)).toEqual(EXPECTED);
  });

  it("WunderGraph's composer (Cosmo) turns them into the router's field configurations", () => {
    const result = federateSubgraphs({
      subgraphs: SUBGRAPHS.map(({ name, url, typeDefs: definitions }): { name: string; url: string; definitions: DocumentNode } => ({
        name,
        url,
        definitions,
      })),
    });
    if (!result.success) {
      throw new Error(result.errors.map((error) => error.message).join('; '));
    }
    const protectedFields = result.fieldConfigurations
      .filter((field) => field.requiresAuthentication === true || (field.requiredScopes?.length ?? 0) > 0)
      .map(
        (field) =>
          `${field.typeName}.${field.fieldName} ${field.requiresAuthentication === true ? '@authenticated' : JSON.stringify(field.requiredScopes)}`,
      )
      .sort();
    expect(protectedFields).toEqual([
      'Chat.picture @authenticated',
      'Contact.picture @authenticated',
      'Group.picture @authenticated',
      'Mutation.deleteGroupPicture [["pictures:write"]]',
      'Mutation.setGroupPicture [["pictures:write"]]',
    ]);
  });

  it('keeps the directives, minus their SECURITY purpose, in the supergraph given to Apollo Gateway (which enforces neither)', () => {
    const supergraph = supergraphForApolloGateway(supergraphOf(composeWithApollo(SUBGRAPHS)));
    expect(supergraph).toContain('@link(url: "https://specs.apollo.dev/authenticated/v0.1")');
    expect(supergraph).not.toContain('for: SECURITY');
    expect(authorizationDirectives(supergraph)).toEqual(EXPECTED);
  });
});
