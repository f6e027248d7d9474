import type { Config, SessionConfig } from './config.js';
import { DemoProvider } from './providers/demo.js';
import { EvolutionProvider } from './providers/evolution.js';
import { GowaProvider } from './providers/gowa.js';
import { ProviderHttp } from './providers/http.js';
import type { Provider } from './providers/provider.js';
import { WahaProvider } from './providers/waha.js';
import { WasendProvider } from './providers/wasend.js';
import { WawpProvider } from './providers/wawp.js';
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

  /** Releases the providers' connections. */
  close(): Promise<void> {
    return this.#close();
  }
}

export interface ProviderEnvironment {
  /** Where browsers reach this process; read per call because a port-0 server learns it late. */
  readonly publicUrl: () => string;
  readonly upstream: Config['upstream'];
}

function required(value: string | null, what: string): string {
  if (value === null) {
    // The config module validates this; reaching here is a bug, not a user error.
    throw new Error(`session config lacks ${what}`);
  }
  return value;
}

function createProvider(config: SessionConfig, http: ProviderHttp | null, environment: ProviderEnvironment): Provider {
  if (config.provider === 'demo' || http === null) {
    return new DemoProvider({ baseUrl: environment.publicUrl });
  }
  switch (config.provider) {
    case 'waha':
      return new WahaProvider({ http, session: config.session, apiKey: config.apiKey });
    case 'wawp':
      return new WawpProvider({ http, session: config.session, apiKey: required(config.apiKey, 'apiKey') });
    case 'wasend':
      return new WasendProvider({ http, session: config.session, apiKey: required(config.apiKey, 'apiKey') });
    case 'gowa':
      return new GowaProvider({
        http,
        device: config.sessionGiven ? config.session : null,
        username: config.username,
        password: config.password,
      });
    case 'evolution':
      return new EvolutionProvider({ http, instance: config.session, apiKey: required(config.apiKey, 'apiKey') });
  }
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
          });
    if (http !== null) {
      pools.push(http);
    }
    return {
      name: sessionConfig.name,
      // Provider, base URL and account: what one account may see is never served to another.
      identity: [sessionConfig.provider, sessionConfig.baseUrl ?? '', sessionConfig.session].join('|'),
      provider: createProvider(sessionConfig, http, environment),
    };
  });
  return new SessionRegistry(sessions, async () => {
    await Promise.all(pools.map((pool) => pool.close()));
  });
}
