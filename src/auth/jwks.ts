import { createLocalJWKSet, errors, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import type { Logger } from '../logger.js';
import { ProviderHttp } from '../providers/http.js';

/** The signing keys cannot be had now (the JWKS host is down, slow or answers nonsense): not the caller's fault. */
export class KeysUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KeysUnavailableError';
  }
}

export interface RemoteKeySetOptions {
  readonly url: string;
  readonly logger: Logger;
  /** Deadline of one fetch: connect, headers and body. */
  readonly timeoutMs?: number;
  /** Least time between two fetches while keys are held: a flood of unknown `kid`s costs the JWKS host one fetch per window. */
  readonly cooldownMs?: number;
  /** Least time between two fetches while no keys are held (a start during the identity provider's outage). */
  readonly retryMs?: number;
  /** Keys older than this are refetched in the background while they keep serving. */
  readonly maxAgeMs?: number;
  readonly now?: () => number;
}

const DEFAULT_TIMEOUT_MS = 5_000;
// jose's own defaults for remote key sets.
const DEFAULT_COOLDOWN_MS = 30_000;
const DEFAULT_MAX_AGE_MS = 10 * 60_000;
const DEFAULT_RETRY_MS = 5_000;

type LocalKeySet = ReturnType<typeof createLocalJWKSet>;

/**
 * A JSON Web Key Set from a URL, for jose's `jwtVerify`. It is fetched through the shared HTTP layer
 * (a small bounded pool, a deadline per fetch, a capped body, no redirects) and held in memory.
 * A token whose `kid` is not in the set makes it fetch the set again — once per cooldown window,
 * with concurrent requests sharing that one fetch — so keys the identity provider rotated in are
 * found at once, and tokens with made-up `kid`s cannot hammer the JWKS host. When a refetch fails
 * the keys already held keep serving.
 */
export class RemoteKeySet {
  readonly #http: ProviderHttp;
  readonly #path: string;
  readonly #logger: Logger;
  readonly #timeoutMs: number;
  readonly #cooldownMs: number;
  readonly #retryMs: number;
  readonly #maxAgeMs: number;
  readonly #now: () => number;
  #keys: LocalKeySet | null = null;
  #loadedAt = Number.NEGATIVE_INFINITY;
  #attemptedAt = Number.NEGATIVE_INFINITY;
  #loading: Promise<void> | null = null;

  constructor(options: RemoteKeySetOptions) {
    const url = new URL(options.url);
    this.#http = new ProviderHttp({ baseUrl: url.origin, connections: 2, timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS });
    this.#path = url.pathname === '' ? '/' : url.pathname;
    this.#logger = options.logger;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#cooldownMs = options.cooldownMs ?? DEFAULT_COOLDOWN_MS;
    this.#retryMs = options.retryMs ?? DEFAULT_RETRY_MS;
    this.#maxAgeMs = options.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
    this.#now = options.now ?? Date.now;
  }

  /** The key resolver `jwtVerify` calls with the token's protected header. */
  readonly getKey: JWTVerifyGetKey = async (header, token) => {
    const keys = await this.#currentKeys();
    try {
      return await keys(header, token);
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey) || !this.#mayFetch()) {
        throw error;
      }
      // A key the provider may have rotated in since: look once more.
      await this.#refresh();
      return (await this.#currentKeys())(header, token);
    }
  };

  /** Fetches the keys ahead of the first request; a failure is logged and retried when a request needs them. */
  async warmUp(): Promise<void> {
    await this.#refresh();
  }

  async close(): Promise<void> {
    await this.#loading?.catch(() => {});
    await this.#http.close();
  }

  async #currentKeys(): Promise<LocalKeySet> {
    if (this.#keys === null) {
      if (this.#mayFetch()) {
        await this.#refresh();
      } else if (this.#loading !== null) {
        await this.#loading;
      }
    } else if (this.#now() - this.#loadedAt >= this.#maxAgeMs && this.#mayFetch()) {
      // Stale keys keep serving while fresh ones load: no request waits on the JWKS host for this.
      void this.#refresh();
    }
    if (this.#keys === null) {
      throw new KeysUnavailableError('The token signing keys could not be loaded');
    }
    return this.#keys;
  }

  #mayFetch(): boolean {
    if (this.#loading !== null) {
      return true;
    }
    return this.#now() - this.#attemptedAt >= (this.#keys === null ? this.#retryMs : this.#cooldownMs);
  }

  /** One fetch at a time; callers that arrive while it runs wait for it. Never rejects. */
  #refresh(): Promise<void> {
    this.#loading ??= this.#fetch().finally(() => {
      this.#loading = null;
    });
    return this.#loading;
  }

  async #fetch(): Promise<void> {
    this.#attemptedAt = this.#now();
    try {
      const response = await this.#http.request({
        method: 'GET',
        path: this.#path,
        signal: AbortSignal.timeout(this.#timeoutMs),
        retryOnDeadConnection: true,
      });
      if (response.status !== 200) {
        throw new KeysUnavailableError(`the JWKS host answered HTTP ${response.status}`);
      }
      this.#keys = createLocalJWKSet(asKeySet(response.body));
      this.#loadedAt = this.#now();
    } catch (error) {
      // The keys held, if any, keep serving; requests without a usable key are refused meanwhile.
      this.#logger.warn('could not load the token signing keys (JWKS)', {
        error: error instanceof KeysUnavailableError ? error.message : error,
        keptPreviousKeys: this.#keys !== null,
      });
    }
  }
}

function asKeySet(body: unknown): JSONWebKeySet {
  if (typeof body !== 'object' || body === null || !Array.isArray((body as { keys?: unknown }).keys)) {
    throw new KeysUnavailableError('the JWKS host answered something other than a JSON Web Key Set');
  }
  return body as JSONWebKeySet;
}
