import type { LogLevel } from '../logger.js';
import { authConfig, type AuthConfig } from './auth.js';
import { cacheConfig, type CacheConfig } from './cache.js';
import { flag, httpUrl, integer, oneOf, raw, type Env } from './env.js';
import { httpConfig, type HttpConfig } from './http.js';
import { imageConfig, type ImageConfig } from './images.js';
import { hostingConfig, type HostingConfig } from './pictures.js';
import { limitsConfig, type RequestLimits } from './limits.js';
import { upstreamConfig, type UpstreamConfig } from './resilience.js';
import { routerInvalidationConfig, type RouterInvalidationConfig } from './router-invalidation.js';
import { sessionsConfig, type SessionConfig } from './sessions.js';
import { webhookLimits, type WebhookLimits } from './webhooks.js';

/**
 * The only module that reads the environment. Every variable is read and validated once, at start;
 * a bad value stops the start with one line that names the variable. One file per concern.
 */

export { ConfigError } from './env.js';
export type { AuthConfig, JwtConfig, JwtKeySource } from './auth.js';
export type { ClaimRule, SessionAccess } from './session-access.js';
export type { CacheConfig, RedisNode, RedisTarget } from './cache.js';
export type { HttpConfig } from './http.js';
export type { ImageConfig } from './images.js';
export type { HostingConfig, PictureStoreConfig } from './pictures.js';
export type { RequestLimits } from './limits.js';
export type { BreakerSettings, UpstreamConfig } from './resilience.js';
export type { SessionConfig } from './sessions.js';
export type { RouterInvalidationConfig } from './router-invalidation.js';
export type { WebhookLimits, WebhookScheme, WebhookSettings } from './webhooks.js';

export interface Config {
  readonly port: number;
  readonly host: string;
  /** Where browsers reach this process, for URLs it hands out (the demo pictures); null: derived from the listening address. */
  readonly publicUrl: string | null;
  readonly sessions: readonly SessionConfig[];
  readonly cache: CacheConfig;
  readonly upstream: UpstreamConfig;
  readonly images: ImageConfig;
  /** Hosted copies of pictures: the store, URL keys, retention, source hosts (PICTURE_*). */
  readonly hosting: HostingConfig;
  /** Least time between two changes of one group's picture (GROUP_PICTURE_MIN_INTERVAL_SECONDS). */
  readonly groupPictureMinIntervalSeconds: number;
  readonly maxRepresentations: number;
  /** Depth, aliases, tokens, fragment nesting, document and answer size of one GraphQL request. */
  readonly limits: RequestLimits;
  /** Node's server timeouts. */
  readonly http: HttpConfig;
  readonly routerSecret: string | null;
  /** Limits of `POST /webhooks/{session}` (WEBHOOK_*); each session's own settings are in `sessions`. */
  readonly webhooks: WebhookLimits;
  /** Apollo Router 2.x's invalidation endpoint, told when a picture changes (ROUTER_INVALIDATION_*); null: none. */
  readonly routerInvalidation: RouterInvalidationConfig | null;
  /** Who the caller is and which sessions it may use (AUTH_MODE and AUTH_*). */
  readonly auth: AuthConfig;
  /**
   * GraphiQL on `GET /graphql` and the gallery on `/demo`. Off by default behind ROUTER_SECRET: a
   * subgraph only the router may call should not serve a public page unless asked to.
   */
  readonly playground: boolean;
  readonly logLevel: LogLevel;
}

const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];

export function loadConfig(env: Env = process.env): Config {
  const publicUrl = raw(env, 'PUBLIC_URL');
  const routerSecret = raw(env, 'ROUTER_SECRET') ?? null;
  return {
    port: integer(env, 'PORT', 4001, 0, 65_535),
    host: raw(env, 'HOST') ?? '0.0.0.0',
    publicUrl: publicUrl === undefined ? null : httpUrl('PUBLIC_URL', publicUrl),
    sessions: sessionsConfig(env),
    cache: cacheConfig(env),
    upstream: upstreamConfig(env),
    images: imageConfig(env),
    hosting: hostingConfig(env),
    groupPictureMinIntervalSeconds: integer(env, 'GROUP_PICTURE_MIN_INTERVAL_SECONDS', 10, 0, 86_400),
    maxRepresentations: integer(env, 'MAX_REPRESENTATIONS', 1_000, 1, 100_000),
    limits: limitsConfig(env),
    http: httpConfig(env),
    routerSecret,
    webhooks: webhookLimits(env),
    routerInvalidation: routerInvalidationConfig(env),
    auth: authConfig(env),
    playground: flag(env, 'PLAYGROUND', routerSecret === null),
    logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
  };
}
