import { composeServices } from '@apollo/composition';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { DocumentNode } from 'graphql';

export interface SubgraphSpec {
  readonly name: string;
  readonly url: string;
  readonly typeDefs: DocumentNode;
}

interface GatewayContext {
  headers: Record<string, string | string[] | undefined>;
}

/**
 * Headers a router forwards to our subgraph (Apollo Router's `propagate` rules do the same).
 * `authorization` carries the caller's token; the subgraph checks `x-wa-session` against it.
 */
const PROPAGATED = ['authorization', 'x-wa-session', 'router-authorization'];

/**
 * Apollo Gateway refuses a supergraph that links a `for: SECURITY` feature it does not implement,
 * and it implements neither `@authenticated` nor `@requiresScopes`. Dropping the purpose from those
 * two links lets it load the supergraph and ignore the directives — right only because the subgraph
 * enforces them itself. The README gives Apollo Gateway users this same line.
 */
export function supergraphForApolloGateway(supergraphSdl: string): string {
  return supergraphSdl.replace(
    /(@link\(url: "https:\/\/specs\.apollo\.dev\/(?:authenticated|requiresScopes)\/v0\.1"), for: SECURITY\)/g,
    '$1)',
  );
}

export function composeSupergraph(subgraphs: readonly SubgraphSpec[]): string {
  const result = composeServices(subgraphs.map(({ name, url, typeDefs }) => ({ name, url, typeDefs })));
  if (result.errors !== undefined || result.supergraphSdl === undefined) {
    throw new Error(`composition failed: ${result.errors?.map((error) => error.message).join('; ')}`);
  }
  return result.supergraphSdl;
}

/**
 * A real gateway on a loopback port in front of real subgraphs on loopback ports: the path a
 * router takes, including HTTP, the query plan and `_entities` batching.
 */
export async function startGateway(subgraphs: readonly SubgraphSpec[]) {
  const requestsBySubgraph = new Map<string, number>();
  const gateway = new ApolloGateway({
    supergraphSdl: supergraphForApolloGateway(composeSupergraph(subgraphs)),
    buildService: ({ name, url }) =>
      new (class extends RemoteGraphQLDataSource<GatewayContext> {
        override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
          requestsBySubgraph.set(name, (requestsBySubgraph.get(name) ?? 0) + 1);
          for (const header of PROPAGATED) {
            const value = context.headers?.[header];
            if (typeof value === 'string') {
              request.http?.headers.set(header, value);
            }
          }
        }
      })({ url }),
  });
  const server = new ApolloServer<GatewayContext>({ gateway });
  const { url } = await startStandaloneServer(server, {
    listen: { port: 0, host: '127.0.0.1' },
    context: async ({ req }) => ({ headers: req.headers }),
  });
  return { url, requestsBySubgraph, close: () => server.stop() };
}
