import { DemoProvider } from './demo.js';
import { EvolutionProvider } from './evolution.js';
import { GowaProvider } from './gowa.js';
import type { ProviderHttp } from './http.js';
import type { Provider } from './provider.js';
import { WahaProvider } from './waha.js';
import { WasendProvider } from './wasend.js';
import { WawpProvider } from './wawp.js';

/** The settings of one configured session that its adapter is built from (the config module's SessionConfig has them all). */
export interface ProviderAccount {
  /** The name requests use in `x-wa-session`. */
  readonly name: string;
  /** The provider's own id of the account: WAHA session, Wawp instance_id, Wasend session, GoWA device, Evolution instance. */
  readonly session: string;
  /** Whether `session` was given; GoWA sends its device header only then. */
  readonly sessionGiven: boolean;
  readonly apiKey: string | null;
  readonly username: string | null;
  readonly password: string | null;
}

/** What an adapter is built from: its session's settings and the shared HTTP layer's client. */
export interface ProviderFactoryInput {
  readonly session: ProviderAccount;
  /** The session's HTTP client; null only for providers without a base URL (the demo). */
  readonly http: ProviderHttp | null;
  /** Where browsers reach this process; read per call because a port-0 server learns it late. */
  readonly publicUrl: () => string;
}

export interface ProviderRule {
  /** Hosted providers have a public base URL; self-hosted ones must be told where they run (null). */
  readonly defaultBaseUrl: string | null;
  /** Whether it talks HTTP to a base URL at all (every provider but the demo). */
  readonly remote: boolean;
  /** Whether it cannot work without an API key (WAHA may run with auth off; GoWA's basic auth is optional). */
  readonly requiresApiKey: boolean;
  create(input: ProviderFactoryInput): Provider;
}

function http(input: ProviderFactoryInput): ProviderHttp {
  if (input.http === null) {
    // The config module gives every remote provider a base URL; reaching here is a bug.
    throw new Error(`session ${input.session.name} has no HTTP client`);
  }
  return input.http;
}

function apiKey(input: ProviderFactoryInput): string {
  if (input.session.apiKey === null) {
    throw new Error(`session ${input.session.name} lacks its API key`);
  }
  return input.session.apiKey;
}

/** Every provider the product speaks, and the rules that differ between them: adding one touches this table. */
export const PROVIDERS = {
  demo: {
    defaultBaseUrl: null,
    remote: false,
    requiresApiKey: false,
    create: (input) => new DemoProvider({ baseUrl: input.publicUrl, session: input.session.name }),
  },
  waha: {
    defaultBaseUrl: null,
    remote: true,
    requiresApiKey: false,
    create: (input) => new WahaProvider({ http: http(input), session: input.session.session, apiKey: input.session.apiKey }),
  },
  wawp: {
    defaultBaseUrl: 'https://api.wawp.net',
    remote: true,
    requiresApiKey: true,
    create: (input) => new WawpProvider({ http: http(input), session: input.session.session, apiKey: apiKey(input) }),
  },
  wasend: {
    defaultBaseUrl: 'https://api.wasend.dev',
    remote: true,
    requiresApiKey: true,
    create: (input) => new WasendProvider({ http: http(input), session: input.session.session, apiKey: apiKey(input) }),
  },
  gowa: {
    defaultBaseUrl: null,
    remote: true,
    requiresApiKey: false,
    create: (input) =>
      new GowaProvider({
        http: http(input),
        device: input.session.sessionGiven ? input.session.session : null,
        username: input.session.username,
        password: input.session.password,
      }),
  },
  evolution: {
    defaultBaseUrl: null,
    remote: true,
    requiresApiKey: true,
    create: (input) => new EvolutionProvider({ http: http(input), instance: input.session.session, apiKey: apiKey(input) }),
  },
} as const satisfies Record<string, ProviderRule>;

export type ProviderKind = keyof typeof PROVIDERS;

export const PROVIDER_KINDS = Object.keys(PROVIDERS) as ProviderKind[];

export function isProviderKind(value: string): value is ProviderKind {
  return Object.hasOwn(PROVIDERS, value);
}

export function providerRule(kind: ProviderKind): ProviderRule {
  return PROVIDERS[kind];
}
