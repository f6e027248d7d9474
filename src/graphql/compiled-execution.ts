import type { ApolloServerOptionsWithGateway, BaseContext } from '@apollo/server';
import { printSubgraphSchema } from '@apollo/subgraph';
import { execute, GraphQLError, type ExecutionResult, type GraphQLSchema, type SourceLocation } from 'graphql';
import { compileQuery, isCompiledQuery } from 'graphql-jit';
import type { Logger } from '../logger.js';
import { CompiledQueries, type Compilation } from './compiled-queries.js';
import { jitUnsafe } from './jit-unsafe.js';

type Gateway = ApolloServerOptionsWithGateway<BaseContext>['gateway'];
type Executor = NonNullable<Awaited<ReturnType<Gateway['load']>>['executor']>;
type ExecutorRequest = Parameters<Executor>[0];

export interface CompiledExecutionOptions {
  /** Builds the schema; called twice (see below). */
  readonly buildSchema: () => GraphQLSchema;
  /** Most documents whose compiled queries are kept (least recently used go first). */
  readonly maxDocuments: number;
  readonly logger: Logger;
  /** graphql-jit's compiler; tests replace it to play a document it cannot compile. */
  readonly compile?: typeof compileQuery;
}

export interface CompiledExecution {
  /** Apollo Server's `gateway` option: the schema once, and an executor for every operation. */
  readonly gateway: Gateway;
  /** The schema Apollo Server validates against and its plugins see. */
  readonly apiSchema: GraphQLSchema;
  /** How many documents have a compilation kept now. */
  readonly compiledDocuments: () => number;
}

export const DEFAULT_MAX_COMPILED_DOCUMENTS = 500;

/**
 * Operations executed by graphql-jit instead of graphql-js, plugged into Apollo Server through its
 * gateway interface, so that HTTP, parsing, validation, plugins (`didResolveOperation` and the
 * rest), error formatting and federation stay Apollo's. graphql-jit compiles each document once to
 * JavaScript that resolves exactly its selections; graphql-js walks the document for every result.
 *
 * graphql-js still executes an operation when:
 * - the router asked for an inline trace (`apollo-federation-include-trace: ftv1`): the trace is
 *   built by a per-field plugin, and only graphql-js runs per-field plugins;
 * - graphql-jit cannot compile the document, would get it wrong (`jitUnsafe`), or Apollo Server
 *   found no operation in it to run;
 * - the variables do not coerce: graphql-js words those errors the way Apollo Server recognises as
 *   BAD_USER_INPUT (nothing has run yet, so nothing runs twice).
 *
 * Two instances of the schema: Apollo Server validates against one and wraps that one's resolvers
 * when a per-field plugin is active (tracing); graphql-jit compiles against the other, which
 * nothing wraps, so compiled code never captures those wrappers.
 */
export function compiledExecution(options: CompiledExecutionOptions): CompiledExecution {
  const apiSchema = options.buildSchema();
  const executionSchema = options.buildSchema();
  const compile = options.compile ?? compileQuery;
  const compilations = new CompiledQueries(options.maxDocuments);

  // Runs once per document while its compilation is kept, so a failure is logged once, not per request.
  const compileDocument = (request: ExecutorRequest): Compilation => {
    const unsafe = jitUnsafe(request.document);
    if (unsafe !== undefined) {
      options.logger.debug('graphql-js executes an operation graphql-jit would get wrong', {
        operationName: request.operationName,
        reason: unsafe,
      });
      return { failed: unsafe };
    }
    let failed: string;
    try {
      const compiled = compile(executionSchema, request.document, request.operationName ?? undefined);
      if (isCompiledQuery(compiled)) {
        return { compiled };
      }
      failed = compiled.errors?.map((error) => error.message).join('; ') ?? 'no compiled query';
    } catch (error) {
      failed = error instanceof Error ? error.message : String(error);
    }
    options.logger.warn('graphql-jit cannot compile an operation; graphql-js executes it', {
      operationName: request.operationName,
      reason: failed,
    });
    return { failed };
  };

  const interpreted = async (request: ExecutorRequest): Promise<ExecutionResult> =>
    execute({
      schema: apiSchema,
      document: request.document,
      contextValue: request.context,
      variableValues: request.request.variables,
      operationName: request.operationName,
    });

  const executor: Executor = async (request) => {
    // Without an operation (several in the document, none named) graphql-js words the error.
    if (request.metrics.captureTraces === true || request.operation === undefined) {
      return interpreted(request);
    }
    const compilation = compilations.get(`${request.queryHash}\n${request.operationName ?? ''}`, () => compileDocument(request));
    if ('failed' in compilation) {
      return interpreted(request);
    }
    const result = await compilation.compiled.query(undefined, request.context, request.request.variables ?? {});
    // graphql-jit answers without `data` only when the variables did not coerce.
    if (!('data' in result)) {
      return interpreted(request);
    }
    return result.errors === undefined ? result : { ...result, errors: result.errors.map(asGraphQLJsError) };
  };

  return {
    gateway: {
      // Apollo Server asks once at start; this schema never changes while the process runs.
      onSchemaLoadOrUpdate(callback) {
        callback({ apiSchema, coreSupergraphSdl: printSubgraphSchema(apiSchema) });
        return () => undefined;
      },
      load: async () => ({ executor }),
      stop: async () => undefined,
    },
    apiSchema,
    compiledDocuments: () => compilations.size,
  };
}

/**
 * graphql-jit's errors borrow GraphQLError's prototype but not its constructor, so one whose cause
 * has no `extensions` has none at all, and Apollo Server's formatting reads `extensions.code`.
 * Rebuilt with graphql-js's constructor they are the errors graphql-js makes: the same message,
 * path, locations, cause and extensions.
 */
function asGraphQLJsError(error: GraphQLError): GraphQLError {
  const rebuilt = new GraphQLError(error.message, {
    path: error.path,
    originalError: error.originalError ?? undefined,
    ...(error.extensions === undefined ? {} : { extensions: error.extensions }),
  });
  if (error.locations !== undefined) {
    // graphql-jit keeps the locations, not the AST nodes graphql-js derives them from.
    (rebuilt as { locations: readonly SourceLocation[] | undefined }).locations = error.locations;
  }
  return rebuilt;
}
