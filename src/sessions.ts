import type { Config, SessionConfig } from './config.js';
import { DemoProvider } from './providers/demo.js';
import type { Provider } from './providers/provider.js';
import type { Session } from './session.js';

export const DEFAULT_SESSION = 'default';

/** The sessions a process serves, by the name clients put in `x-wa-session`. */
export class SessionRegistry {
  readonly #sessions: ReadonlyMap<string, Session>;

  constructor(sessions: readonly Session[]) {
    this.#sessions = new Map(sessions.map((session) => [session.name, session]));
  }

  get(name: string): Session | undefined {
    return this.#sessions.get(name);
  }
}

export interface ProviderEnvironment {
  /** Where browsers reach this process; read per call because a port-0 server learns it late. */
  readonly publicUrl: () => string;
}

function createProvider(config: SessionConfig, environment: ProviderEnvironment): { provider: Provider; identity: string } {
  switch (config.provider) {
    case 'demo':
      return { provider: new DemoProvider({ baseUrl: environment.publicUrl }), identity: `demo|${config.name}` };
  }
}

export function createSessionRegistry(config: Config, environment: ProviderEnvironment): SessionRegistry {
  return new SessionRegistry(
    config.sessions.map((sessionConfig) => ({ name: sessionConfig.name, ...createProvider(sessionConfig, environment) })),
  );
}
