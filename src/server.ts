import { ProviderGate } from './resilience/provider-gate.js';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { Authorizer } from './auth/authorizer.js';
import type { Cache } from './cache/cache.js';
import { MemoryCache } from './cache/memory-cache.js';
import { RedisCache } from './cache/redis-cache.js';
import type { Config } from './config/index.js';
import { createContextFactory, type Context } from './context.js';
import { cacheControlPlugin } from './graphql/cache-control/cache-control-plugin.js';
import { compiledExecution, DEFAULT_MAX_COMPILED_DOCUMENTS } from './graphql/compiled-execution.js';
import { createFormatError } from './graphql/format-error.js';
import { requestGuards } from './graphql/request-guards.js';
import { unexpectedErrorsPlugin } from './graphql/unexpected-errors.js';
import { serveDemoPicture } from './http/demo-pictures.js';
import { maxBodyBytes } from './http/body-limit.js';
import { createGraphQLHandler } from './http/graphql-handler.js';
import { IntakeImageSource } from './images/intake-image-source.js';
import { sendJson } from './http/send.js';
import type { Logger } from './logger.js';
import { observationPlugin } from './observability/graphql-observations.js';
import { HttpRequests } from './observability/http-requests.js';
import { createMetrics } from './observability/metrics.js';
import { REQUEST_ID_HEADER, requestIdOf } from './observability/request-id.js';
import { requestLogger } from './observability/request-logger.js';
import { sessionChecks, sessionSnapshots } from './observability/session-health.js';
import { GroupPictureWriter } from './pictures/group-picture-writer.js';
import type { ImageSource } from './pictures/image-source.js';
import { PictureService } from './pictures/picture-service.js';
import { createDemoGallery, DEMO_GALLERY_ROUTE, DEMO_GALLERY_SCRIPT_ROUTE } from './playground/demo-gallery.js';
import { createPlayground } from './playground/graphiql-landing-page.js';
import { hostingForApp } from './hosting/app-hosting.js';
import type { Hosting } from './hosting/hosting.js';
import { PICTURES_ROUTE } from './hosting/picture-paths.js';
import type { Connector, Resolve } from './images/image-intake.js';
import { DEMO_PICTURE_ROUTE } from './providers/demo.js';
import { pictureCacheTag } from './router/cache-tags.js';
import { RouterInvalidator } from './router/router-invalidator.js';
import { buildSchema } from './schema.js';
import { createSessionRegistry, DEFAULT_SESSION, type SessionRegistry } from './sessions.js';
import { WEBHOOK_ROUTE, WebhookReceiver } from './webhooks/webhook-receiver.js';

const EXPIRY_MARGIN_MS = 5 * 60 * 1000;
const WRITE_LEASE_SLACK_MS = 10_000;

export interface AppOptions {
  readonly config: Config;
  readonly logger: Logger;
  /** Replaces the sessions the config describes (tests use counting providers). */
  readonly sessions?: (publicUrl: () => string) => SessionRegistry;
  readonly cache?: Cache;
  /** Replaces the image intake the config describes (tests stub DNS and guard its connections). */
  readonly images?: ImageSource;
  /** The clock of the JWKS refetch cooldown (tests move it instead of waiting). */
  readonly authClock?: () => number;
  /** DNS and sockets of hosted pictures' downloads (tests stub DNS and refuse sockets off loopback). */
  readonly pictureNetwork?: { readonly resolve?: Resolve; readonly connect?: Connector };
  /** The clock of hosted pictures' retention (tests move it instead of waiting). */
  readonly hostingClock?: () => number;
  /** The clock of the provider gate's windows, pauses and open breakers (tests move it instead of waiting). */
  readonly providerClock?: () => number;
}

export interface App {
  readonly httpServer: Server;
  readonly service: PictureService;
  readonly hosting: Hosting;
  /** Starts listening; resolves to the base URL (useful with port 0). */
  listen(): Promise<string>;
  /** Stops accepting, finishes in-flight requests, then releases the cache. */
  close(): Promise<void>;
}

/** Apollo Server's own messages go through our logger, as JSON lines like everything else. */
function apolloLogger(logger: Logger) {
  return {
    debug: (message: unknown) => logger.debug(String(message)),
    info: (message: unknown) => logger.debug(String(message)),
    warn: (message: unknown) => logger.warn(String(message)),
    error: (message: unknown) => logger.error(String(message)),
  };
}

function isRead(request: IncomingMessage): boolean {
  return request.method === 'GET' || request.method === 'HEAD';
}

function listeningUrl(server: Server): string {
  const { address, port, family } = server.address() as AddressInfo;
  const host = address === '0.0.0.0' || address === '::' ? 'localhost' : family === 'IPv6' ? `[${address}]` : address;
  return `http://${host}:${port}`;
}

// How often Node checks its header and request timeouts: the granularity with which they hold.
const TIMEOUT_CHECK_INTERVAL_MS = 1_000;

export async function createApp(options: AppOptions): Promise<App> {
  const { config, logger } = options;
  const httpServer = createServer({
    headersTimeout: config.http.headersTimeoutMs,
    requestTimeout: config.http.requestTimeoutMs,
    connectionsCheckingInterval: Math.min(TIMEOUT_CHECK_INTERVAL_MS, config.http.headersTimeoutMs),
  });
  httpServer.keepAliveTimeout = config.http.keepAliveTimeoutMs;
  const publicUrl = () => config.publicUrl ?? listeningUrl(httpServer);
  const sessions =
    options.sessions?.(publicUrl) ??
    createSessionRegistry(config, {
      publicUrl,
      upstream: config.upstream,
      ...(options.providerClock ? { now: options.providerClock } : {}),
    });
  const metrics = createMetrics();
  const cache =
    options.cache ??
    (config.cache.redis === null
      ? new MemoryCache({ maxEntries: config.cache.maxEntries, maxBytes: config.cache.maxBytes })
      : new RedisCache({
          target: config.cache.redis,
          commandTimeoutMs: config.cache.redisCommandTimeoutMs,
          logger,
          onFailure: (operation) => metrics.cache.failed('redis', operation),
        }));
  const authorizer = new Authorizer({
    auth: config.auth,
    sessions: config.sessions,
    registry: sessions,
    defaultSession: DEFAULT_SESSION,
    logger,
    refusals: metrics.authRefusals,
    ...(options.authClock ? { now: options.authClock } : {}),
  });
  await authorizer.warmUp();
  const gate = new ProviderGate({
    concurrency: config.upstream.concurrency,
    timeoutMs: config.upstream.timeoutMs,
    policy: config.upstream,
    observer: metrics.provider,
    logger,
    ...(options.providerClock ? { now: options.providerClock } : {}),
  });
  metrics.provider.watchSessions(() => sessionSnapshots(sessions, gate));
  const images = options.images ?? new IntakeImageSource(config.images);
  const invalidator =
    config.routerInvalidation === null
      ? null
      : new RouterInvalidator({ config: config.routerInvalidation, logger, outcomes: metrics.routerInvalidations });
  const service = new PictureService({
    cache,
    ttl: {
      maxTtlMs: config.cache.ttlSeconds * 1000,
      negativeTtlMs: config.cache.negativeTtlSeconds * 1000,
      expiryMarginMs: EXPIRY_MARGIN_MS,
      staleMs: config.cache.staleSeconds * 1000,
    },
    gate,
    refreshMinIntervalMs: config.cache.refreshMinIntervalSeconds * 1000,
    logger,
    lookups: metrics.cache.lookups(cache instanceof RedisCache ? 'redis' : 'memory'),
    // Routers that cache our answers hear of every change: writes, provider events, refreshes.
    ...(invalidator === null ? {} : { onChange: (session, jid) => invalidator.invalidate([pictureCacheTag(session, jid)]) }),
  });
  const webhooks = new WebhookReceiver({
    sessions: config.sessions,
    registry: sessions,
    service,
    cache,
    limits: config.webhooks,
    logger,
    events: metrics.webhookEvents,
  });
  const hosting = await hostingForApp({
    config,
    cache,
    service,
    sessions,
    publicUrl,
    logger,
    ...(options.pictureNetwork ? { network: options.pictureNetwork } : {}),
    ...(options.hostingClock ? { now: options.hostingClock } : {}),
  });
  const writer = new GroupPictureWriter({
    pictures: service,
    gate,
    cache,
    images,
    minIntervalMs: config.groupPictureMinIntervalSeconds * 1000,
    // The image fetch, then the provider call, with room for normalising between them.
    writeLeaseMs: config.images.fetchTimeoutMs + config.upstream.timeoutMs + WRITE_LEASE_SLACK_MS,
    logger,
  });

  const execution = compiledExecution({ buildSchema, maxDocuments: DEFAULT_MAX_COMPILED_DOCUMENTS, logger });
  const schema = execution.apiSchema;
  const playground = config.playground
    ? createPlayground({
        routerSecretRequired: config.routerSecret !== null,
        tokenHeader: config.auth.mode === 'jwt' ? config.auth.jwt.tokenHeader : null,
      })
    : null;
  const requests = new HttpRequests();
  const loggedErrors = new WeakSet<object>();
  const guards = requestGuards({
    limits: config.limits,
    maxRepresentations: config.maxRepresentations,
    schema,
    logger,
    requests,
    metrics: metrics.graphql,
  });
  const apollo = new ApolloServer<Context>({
    // Operations run compiled (graphql-jit); Apollo Server keeps HTTP, validation, plugins and errors.
    gateway: execution.gateway,
    formatError: createFormatError(logger, loggedErrors),
    logger: apolloLogger(logger),
    includeStacktraceInErrorResponses: false,
    // main.ts stops the app on SIGTERM/SIGINT. Apollo's own handlers would call stop() first, and a
    // second stop() during it waits on a barrier that @apollo/server 5.5 never resolves on success:
    // close() then hung whenever a Redis socket kept the process alive.
    stopOnTerminationSignals: false,
    introspection: true,
    parseOptions: guards.parseOptions,
    validationRules: guards.validationRules,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      playground === null ? ApolloServerPluginLandingPageDisabled() : playground.plugin,
      ...guards.plugins,
      unexpectedErrorsPlugin(requests, loggedErrors),
      observationPlugin(requests, metrics.graphql),
      // Cache-Control from the pictures served, whichever executor runs; Apollo's field-hint one off.
      ApolloServerPluginCacheControlDisabled(),
      cacheControlPlugin({ tokenHeader: config.auth.mode === 'jwt' ? config.auth.jwt.tokenHeader : null }),
    ],
  });
  await apollo.start();
  const gallery = config.playground ? createDemoGallery() : null;
  const demoPictures = config.sessions.some((session) => session.provider === 'demo');

  const handleGraphQL = createGraphQLHandler({
    apollo,
    context: createContextFactory({
      authorizer,
      service,
      writer,
      links: hosting.links,
      maxRepresentations: config.maxRepresentations,
      routerSecret: config.routerSecret,
    }),
    maxBodyBytes: maxBodyBytes(config.images.maxBytes),
    maxResponseBytes: config.limits.maxResponseBytes,
    landingPage: playground?.page ?? null,
    requests,
    metrics: metrics.graphql,
  });

  const route = async (request: IncomingMessage, response: ServerResponse, log: Logger): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname === '/graphql') {
      await handleGraphQL(request, response, url, log);
    } else if (url.pathname.startsWith(WEBHOOK_ROUTE)) {
      await webhooks.handle(request, response, url);
    } else if (url.pathname === '/health' && request.method === 'GET') {
      sendJson(response, 200, { status: 'ok' });
    } else if (url.pathname === '/ready' && request.method === 'GET') {
      // A failing cache degrades speed, not service, and an open breaker is one provider's outage,
      // which taking replicas out of rotation would not mend: neither fails readiness. Nor does the
      // picture store: pictures then answer with CDN URLs (see hostedUrl).
      sendJson(response, 200, {
        status: 'ready',
        checks: { cache: cache.health(), sessions: sessionChecks(sessions, gate), pictureStore: hosting.readiness() },
      });
    } else if (url.pathname === '/metrics' && request.method === 'GET') {
      response.writeHead(200, { 'content-type': metrics.registry.contentType }).end(await metrics.exposition());
    } else if (gallery !== null && url.pathname === DEMO_GALLERY_ROUTE && isRead(request)) {
      await gallery.page.serve(request, response);
    } else if (gallery !== null && url.pathname === DEMO_GALLERY_SCRIPT_ROUTE && isRead(request)) {
      await gallery.script.serve(request, response);
    } else if (url.pathname.startsWith(PICTURES_ROUTE)) {
      await hosting.route.serve(request, response, url.pathname);
    } else if (demoPictures && url.pathname.startsWith(DEMO_PICTURE_ROUTE) && request.method === 'GET') {
      await serveDemoPicture(response, url, Date.now(), sessions);
    } else {
      sendJson(response, 404, { error: 'Not found' });
    }
  };

  httpServer.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const requestId = requestIdOf(request.headers[REQUEST_ID_HEADER]);
    response.setHeader(REQUEST_ID_HEADER, requestId);
    const log = requestLogger(logger, requestId);
    route(request, response, log).catch((error: unknown) => {
      log.error('request failed', { error, path: request.url });
      if (!response.headersSent) {
        sendJson(response, 500, { error: 'Internal server error' });
      } else {
        response.destroy();
      }
    });
  });

  return {
    httpServer,
    service,
    hosting,
    listen: () =>
      new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(config.port, config.host, () => {
          httpServer.off('error', reject);
          resolve(listeningUrl(httpServer));
        });
      }),
    close: async () => {
      await apollo.stop();
      await service.drain();
      await invalidator?.close();
      await hosting.close();
      await Promise.all([sessions.close(), cache.close(), images.close(), authorizer.close()]);
    },
  };
}
