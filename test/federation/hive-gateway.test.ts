import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGatewayRuntime, type GatewayPlugin, type GatewayRuntime } from '@graphql-hive/gateway-runtime';
import { createRemoteJwksSigningKeyProvider, extractFromHeader, useJWT, type JWTAuthContextExtension } from '@graphql-mesh/plugin-jwt-auth';
import { composeServices } from '@theguild/federation-composition';
import type { JWTPayload } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { typeDefs } from '../../src/schema.js';
import { AUDIENCE, ISSUER, startIdentityProvider, type IdentityProvider } from '../support/identity-provider.js';
import { neighbourTypeDefs, startNeighbourSubgraph } from '../support/neighbour-subgraph.js';
import { startSubgraph, type RunningSubgraph } from '../support/start-subgraph.js';

const GROUP = '120363000000000105@g.us';
const READER: JWTPayload = { scope: 'pictures:read' };
const WRITER: JWTPayload = { scope: 'pictures:read pictures:write' };
const INBOX = '{ chats { id name picture { status } } }';
const DELETE = `mutation { deleteGroupPicture(groupId: "${GROUP}") { group { id } userErrors { code } } }`;

interface Answer {
  data?: Record<string, unknown> | null;
  errors?: Array<{ message: string; path?: unknown[]; extensions?: { code?: string } }>;
}

/**
 * Hive Gateway as its docs set it up: the JWT plugin verifies the token against the identity
 * provider's JWKS, generic auth enforces `@authenticated` and `@requiresScopes` from the supergraph,
 * and the Authorization header is forwarded so that our subgraph verifies the caller again.
 */
describe('a loopback Hive Gateway with its JWT and auth-directive plugins, in front of our subgraph', () => {
  let idp: IdentityProvider;
  let neighbour: Awaited<ReturnType<typeof startNeighbourSubgraph>>;
  let subgraph: RunningSubgraph;
  let gateway: GatewayRuntime<JWTAuthContextExtension>;
  let server: Server;
  let url = '';
  let subgraphRequests = 0;

  beforeAll(async () => {
    idp = await startIdentityProvider();
    neighbour = await startNeighbourSubgraph({ chats: ['15550000001@c.us', GROUP] });
    subgraph = await startSubgraph({
      env: { AUTH_MODE: 'jwt', AUTH_JWKS_URL: idp.jwksUrl, AUTH_JWT_ISSUER: ISSUER, AUTH_JWT_AUDIENCE: AUDIENCE },
    });
    subgraph.app.httpServer.on('request', (request) => {
      if (request.url?.startsWith('/graphql')) {
        subgraphRequests += 1;
      }
    });
    const composed = composeServices([
      { name: 'messaging', url: neighbour.url, typeDefs: neighbourTypeDefs },
      { name: 'pictures', url: `${subgraph.url}/graphql`, typeDefs },
    ]);
    if (composed.errors !== undefined && composed.errors.length > 0) {
      throw new Error(composed.errors.map((error) => error.message).join('; '));
    }
    gateway = createGatewayRuntime<JWTAuthContextExtension>({
      supergraph: String(composed.supergraphSdl),
      logging: false,
      plugins: () => [
        // The cast only bridges typings: @graphql-mesh/plugin-jwt-auth 2.0.14 bundles its own copy of
        // @graphql-hive/logger's Logger class into its .d.ts, which TypeScript then holds distinct.
        useJWT({
          signingKeyProviders: [createRemoteJwksSigningKeyProvider({ jwksUri: idp.jwksUrl })],
          tokenLookupLocations: [extractFromHeader({ name: 'authorization', prefix: 'Bearer' })],
          tokenVerification: { issuer: ISSUER, audience: AUDIENCE, algorithms: ['RS256'] },
          // Requests without a token go on: @authenticated decides per field.
          reject: { missingToken: false, invalidToken: true },
        }) as unknown as GatewayPlugin<JWTAuthContextExtension>,
      ],
      genericAuth: {
        mode: 'protect-granular',
        resolveUserFn: (context) => context.jwt?.payload ?? null,
        // Unauthorised fields are removed with an error each; the rest of the operation runs.
        rejectUnauthenticated: false,
      },
      propagateHeaders: {
        fromClientToSubgraphs: ({ request, subgraphName }) =>
          subgraphName === 'pictures' ? { authorization: request.headers.get('authorization') } : {},
      },
    });
    server = createServer(gateway);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });

  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await gateway?.dispose();
    await subgraph?.close();
    await neighbour?.close();
    await idp?.close();
  });

  beforeEach(() => {
    subgraphRequests = 0;
  });

  async function ask(query: string, claims?: JWTPayload): Promise<Answer> {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(claims === undefined ? {} : { authorization: `Bearer ${await idp.mint(claims)}` }),
      },
      body: JSON.stringify({ query }),
    });
    return (await response.json()) as Answer;
  }

  it('serves pictures to a verified caller, forwarding its token, which our subgraph verifies again', async () => {
    const { data, errors } = await ask(INBOX, READER);
    expect(errors).toBeUndefined();
    expect(data?.chats).toEqual([
      { id: '15550000001@c.us', name: 'Chat 0', picture: { status: 'AVAILABLE' } },
      { id: GROUP, name: 'Chat 1', picture: { status: 'AVAILABLE' } },
    ]);
    expect(subgraphRequests).toBe(1);
  });

  it('refuses a token without pictures:write at the gateway: our subgraph is never called', async () => {
    const { data, errors } = await ask(DELETE, READER);
    expect(data?.deleteGroupPicture ?? null).toBeNull();
    expect(errors?.map((error) => error.extensions?.code)).toEqual(['UNAUTHORIZED_FIELD_OR_TYPE']);
    expect(subgraphRequests).toBe(0);
  });

  it('lets the write scope through to our subgraph, which writes', async () => {
    const { data, errors } = await ask(DELETE, WRITER);
    expect(errors).toBeUndefined();
    expect(data?.deleteGroupPicture).toEqual({ group: { id: GROUP }, userErrors: [] });
    expect(subgraphRequests).toBe(1);
  });

  it('keeps unauthenticated callers from every picture at the gateway, while the neighbour still answers', async () => {
    const { data, errors } = await ask(INBOX);
    expect(data?.chats).toEqual([
      { id: '15550000001@c.us', name: 'Chat 0', picture: null },
      { id: GROUP, name: 'Chat 1', picture: null },
    ]);
    expect(errors?.map((error) => [error.path, error.extensions?.code])).toEqual([[['chats', 'picture'], 'UNAUTHORIZED_FIELD_OR_TYPE']]);
    expect(subgraphRequests).toBe(0);
  });
});
