import type { Config } from './config/index.js';
import { ProviderHttp } from './providers/http.js';
import { providerRule } from './providers/registry.js';
import type { Session } from './session.js';

export const DEFAULT_SESSION = 'default';

/** The sessions a process serves, by the name clients put in `x-wa-session`. */
export class SessionRegistry {
  readonly #sessions: ReadonlyMap<string, Session>;
  readonly #close: () => Promise<void>;

  constructor(sessions: readonly Session[], close: () => Promise<void> = async () => {}) {
    this.#sessions = new Map(sessions.map((session) => [session.name, session]));
    this.#close = close;
  }

  get(name: string): Session | undefined {
    return this.#sessions.get(name);
  }

  /** Every configured session, for health reports and metrics. */
  all(): readonly Session[] {
    return [...this.#sessions.values()];
  }

  /** Releases the providers' connections. */
  close(): Promise<void> {
    return this.#close();
  }
}

export interface ProviderEnvironment {
  /** Where browsers reach this process; read per call because a port-0 server learns it late. */
  readonly publicUrl: () => string;
  readonly upstream: Config['upstream'];
  /** The provider clock, which stamps answers for their `Retry-After` (tests move it). */
  readonly now?: () => number;
}

export function createSessionRegistry(config: Config, environment: ProviderEnvironment): SessionRegistry {
  const pools: ProviderHttp[] = [];
  const sessions = config.sessions.map((sessionConfig): Session => {
    const http =
      sessionConfig.baseUrl === null
        ? null
        : new ProviderHttp({
            baseUrl: sessionConfig.baseUrl,
            connections: environment.upstream.concurrency,
            timeoutMs: environment.upstream.timeoutMs,
            ...(environment.now ? { now: environment.now } : {}),
          });
    if (http !== null) {
      pools.push(http);
    }
    return {
      name: sessionConfig.name,
      // Provider, base URL and account: what one account may see is never served to another. A
      // provider without a base URL (the demo) keeps its account in this process, one per named
      // session, so its name is part of the identity: two tenants' demo sessions never share entries.
      identity: [sessionConfig.provider, sessionConfig.baseUrl ?? `local:${sessionConfig.name}`, sessionConfig.session].join('|'),
      provider: providerRule(sessionConfig.provider).create({ session: sessionConfig, http, publicUrl: environment.publicUrl }),
    };
  });
  return new SessionRegistry(sessions, async () => {
    await Promise.all(pools.map((pool) => pool.close()));
  });
}
