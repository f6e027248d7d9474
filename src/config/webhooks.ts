import type { ProviderKind } from '../providers/registry.js';
import { ConfigError, headerName, integer, raw, type Env } from './env.js';
import { fileObject, fileString } from './file-fields.js';

/**
 * How a provider proves that a picture-change event is its own:
 * - `waha-hmac`: WAHA's `X-Webhook-Hmac`, HMAC-SHA512 of the raw body with the session's `hmac.key`;
 * - `evolution-jwt`: Evolution's `Authorization: Bearer <HS256 JWT>`, signed with the webhook's `jwt_key`;
 * - `header-secret`: a static header the provider is told to send (WAHA `customHeaders`, Evolution `headers`);
 * - `path-secret`: a secret path segment, `POST /webhooks/{session}/{secret}`, where nothing better exists.
 */
export type WebhookScheme = 'waha-hmac' | 'evolution-jwt' | 'header-secret' | 'path-secret';

export interface WebhookSettings {
  readonly scheme: WebhookScheme;
  readonly secret: string;
  /** The header that carries the secret (`header-secret` only, lower-case); null otherwise. */
  readonly header: string | null;
}

/** What bounds every webhook delivery, whichever session it is for. */
export interface WebhookLimits {
  /** Largest body read (WEBHOOK_MAX_BYTES); larger ones are refused before they are buffered. */
  readonly maxBytes: number;
  /** How old a signed event may be, and how long its id is remembered (WEBHOOK_REPLAY_WINDOW_SECONDS). */
  readonly replayWindowSeconds: number;
}

const DEFAULT_SECRET_HEADER = 'x-webhook-secret';

const SCHEMES: readonly WebhookScheme[] = ['waha-hmac', 'evolution-jwt', 'header-secret', 'path-secret'];

/**
 * Which schemes each provider can use. Wawp's own signature (`X-Wawp-Signature`) is undocumented,
 * so it gets WAHA's (in case it passes WAHA's through) and the static secrets. GoWA and Wasend send
 * no picture-change event at all, so a webhook for them would only ever receive noise.
 */
const SCHEMES_BY_PROVIDER: Record<ProviderKind, readonly WebhookScheme[]> = {
  waha: ['waha-hmac', 'header-secret', 'path-secret'],
  wawp: ['waha-hmac', 'header-secret', 'path-secret'],
  evolution: ['evolution-jwt', 'header-secret', 'path-secret'],
  gowa: [],
  wasend: [],
  demo: [],
};

const NO_EVENTS: Record<ProviderKind, string> = {
  waha: '',
  wawp: '',
  evolution: '',
  gowa: 'GoWA sends no picture-change event (its webhook forwards no whatsmeow events.Picture), so there is nothing to receive',
  wasend: 'Wasend documents no webhook events, so there is nothing to receive',
  demo: 'the demo provider sends no events',
};

// Shorter secrets are guessable; GoWA's default "secret" and friends are refused by this alone.
const MIN_SECRET_LENGTH = 16;
const MAX_SECRET_LENGTH = 512;
// A path segment that needs no escaping anywhere (RFC 3986 unreserved characters).
const PATH_SECRET = /^[A-Za-z0-9._~-]+$/;

/** The fields of a webhook setting, as strings from a file entry or the WA_WEBHOOK_* variables. */
export interface WebhookInput {
  readonly scheme?: string | undefined;
  readonly secret?: string | undefined;
  readonly header?: string | undefined;
}

/** Validates one session's webhook; `where(field)` names the variable or file entry a problem is reported against. */
function webhookSettings(input: WebhookInput, provider: ProviderKind, where: (field: keyof WebhookInput) => string): WebhookSettings {
  const allowed = SCHEMES_BY_PROVIDER[provider];
  if (allowed.length === 0) {
    throw new ConfigError(where('scheme'), `no webhook for provider ${provider}: ${NO_EVENTS[provider]}`);
  }
  const scheme = input.scheme?.toLowerCase();
  if (scheme === undefined) {
    throw new ConfigError(where('scheme'), `required with a webhook secret; expected one of ${allowed.join(', ')}`);
  }
  if (!isScheme(scheme) || !allowed.includes(scheme)) {
    throw new ConfigError(where('scheme'), `expected one of ${allowed.join(', ')} for provider ${provider}, got ${JSON.stringify(scheme)}`);
  }
  const secret = input.secret;
  if (secret === undefined) {
    throw new ConfigError(where('secret'), `required for webhook scheme ${scheme}`);
  }
  if (secret.length < MIN_SECRET_LENGTH || secret.length > MAX_SECRET_LENGTH) {
    // The value is a secret: it is never echoed.
    throw new ConfigError(
      where('secret'),
      `expected ${MIN_SECRET_LENGTH} to ${MAX_SECRET_LENGTH} characters (use a random value of 32 or more)`,
    );
  }
  if (scheme === 'path-secret' && !PATH_SECRET.test(secret)) {
    throw new ConfigError(where('secret'), 'a path secret may hold only letters, digits and . _ ~ -');
  }
  if (input.header !== undefined && scheme !== 'header-secret') {
    throw new ConfigError(where('header'), 'only the header-secret scheme takes a header');
  }
  const header = scheme === 'header-secret' ? headerName(where('header'), input.header ?? DEFAULT_SECRET_HEADER) : null;
  return { scheme, secret, header };
}

function isScheme(value: string): value is WebhookScheme {
  return (SCHEMES as readonly string[]).includes(value);
}

const ENV_NAMES: Record<keyof WebhookInput, string> = {
  scheme: 'WA_WEBHOOK_SCHEME',
  secret: 'WA_WEBHOOK_SECRET',
  header: 'WA_WEBHOOK_HEADER',
};

/** The single session's webhook from WA_WEBHOOK_*; null when none of them is set. */
export function webhookFromEnv(env: Env, provider: ProviderKind): WebhookSettings | null {
  const input: WebhookInput = {
    scheme: raw(env, ENV_NAMES.scheme),
    secret: raw(env, ENV_NAMES.secret),
    header: raw(env, ENV_NAMES.header),
  };
  if (input.scheme === undefined && input.secret === undefined && input.header === undefined) {
    return null;
  }
  return webhookSettings(input, provider, (field) => ENV_NAMES[field]);
}

/** A sessions-file entry's `"webhook": { "scheme": …, "secret": …, "header"?: … }`. */
export function webhookFromFile(value: unknown, provider: ProviderKind, where: (field: string) => string): WebhookSettings {
  const fields = Object.keys(ENV_NAMES);
  const record = fileObject(value, fields, where('webhook'), 'an object { "scheme": …, "secret": …, "header"?: … }', (key) =>
    where(`webhook.${key}`),
  );
  const input: Record<string, string | undefined> = {};
  for (const field of fields) {
    input[field] = fileString(record, field, where(`webhook.${field}`));
  }
  return webhookSettings(input, provider, (field) => where(`webhook.${field}`));
}

export function webhookLimits(env: Env): WebhookLimits {
  return {
    maxBytes: integer(env, 'WEBHOOK_MAX_BYTES', 1024 * 1024, 1024, 64 * 1024 * 1024),
    // Evolution's webhook JWTs live 10 minutes: a shorter window would refuse its own retries.
    replayWindowSeconds: integer(env, 'WEBHOOK_REPLAY_WINDOW_SECONDS', 600, 30, 86_400),
  };
}
