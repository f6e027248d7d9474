import { ConfigError, httpUrl, integer, raw, type Env } from './env.js';

/** Where Apollo Router 2.x's response-cache invalidation endpoint listens, and how to call it. */
export interface RouterInvalidationConfig {
  /** The endpoint, e.g. `http://router:4000/invalidation` (`response_cache.invalidation.{listen,path}`). */
  readonly url: string;
  /** The subgraph's `invalidation.shared_key`, sent as the raw `Authorization` value. */
  readonly key: string;
  /** This subgraph's name in the supergraph: `cache_tag` requests are scoped to it. */
  readonly subgraph: string;
  /** Longest one POST may take; past it the invalidation counts as failed. */
  readonly timeoutMs: number;
}

// The name the README's supergraph.yaml gives this subgraph.
const DEFAULT_SUBGRAPH = 'pictures';

/** ROUTER_INVALIDATION_*; null when no endpoint is configured (routers then rely on max-age alone). */
export function routerInvalidationConfig(env: Env): RouterInvalidationConfig | null {
  const url = raw(env, 'ROUTER_INVALIDATION_URL');
  const key = raw(env, 'ROUTER_INVALIDATION_KEY');
  const subgraph = raw(env, 'ROUTER_INVALIDATION_SUBGRAPH') ?? DEFAULT_SUBGRAPH;
  const timeoutMs = integer(env, 'ROUTER_INVALIDATION_TIMEOUT_MS', 2_000, 50, 60_000);
  if (url === undefined) {
    if (key !== undefined) {
      throw new ConfigError('ROUTER_INVALIDATION_URL', 'required when ROUTER_INVALIDATION_KEY is set');
    }
    return null;
  }
  const endpoint = httpUrl('ROUTER_INVALIDATION_URL', url);
  if (key === undefined) {
    // The router refuses every invalidation without its shared key; failing later would be silent.
    throw new ConfigError('ROUTER_INVALIDATION_KEY', "required with ROUTER_INVALIDATION_URL: the router's invalidation shared_key");
  }
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(subgraph)) {
    throw new ConfigError('ROUTER_INVALIDATION_SUBGRAPH', "expected this subgraph's name in the supergraph (letters, digits, _ and -)");
  }
  return { url: endpoint, key, subgraph, timeoutMs };
}
