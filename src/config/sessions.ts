import { readFileSync } from 'node:fs';
import { isProviderKind, PROVIDER_KINDS, providerRule, type ProviderAccount, type ProviderKind } from '../providers/registry.js';
import { ConfigError, httpUrl, raw, type Env } from './env.js';
import { fileObject, fileString } from './file-fields.js';
import { ANY_VERIFIED_CALLER, sessionAccess, type SessionAccess } from './session-access.js';
import { webhookFromEnv, webhookFromFile, type WebhookSettings } from './webhooks.js';

export interface SessionConfig extends ProviderAccount {
  readonly provider: ProviderKind;
  /** Provider base URL, without a trailing slash (null only for the demo provider). */
  readonly baseUrl: string | null;
  /** Who may read and write it under AUTH_MODE=jwt; null in the sessions file means nobody. */
  readonly access: SessionAccess | null;
  /** How its provider's picture-change events are verified at `POST /webhooks/{name}`; null: not received. */
  readonly webhook: WebhookSettings | null;
}

function providerKind(variable: string, value: string | undefined): ProviderKind {
  const kind = (value ?? 'demo').toLowerCase();
  if (!isProviderKind(kind)) {
    throw new ConfigError(variable, `unknown provider ${JSON.stringify(kind)}; expected one of ${PROVIDER_KINDS.join(', ')}`);
  }
  return kind;
}

interface SessionInput {
  provider?: string | undefined;
  baseUrl?: string | undefined;
  session?: string | undefined;
  apiKey?: string | undefined;
  username?: string | undefined;
  password?: string | undefined;
}

/** Validates one session; `where(field)` names the variable or file entry a problem is reported against. */
function sessionConfig(
  name: string,
  input: SessionInput,
  access: SessionAccess | null,
  where: (field: keyof SessionInput) => string,
): Omit<SessionConfig, 'webhook'> {
  const provider = providerKind(where('provider'), input.provider);
  const rule = providerRule(provider);
  const given = input.baseUrl ?? rule.defaultBaseUrl ?? undefined;
  if (rule.remote && given === undefined) {
    throw new ConfigError(where('baseUrl'), `required for provider ${provider}`);
  }
  if (rule.requiresApiKey && input.apiKey === undefined) {
    throw new ConfigError(where('apiKey'), `required for provider ${provider}`);
  }
  if ((input.username === undefined) !== (input.password === undefined)) {
    throw new ConfigError(where(input.username === undefined ? 'username' : 'password'), 'basic auth needs both a username and a password');
  }
  if (input.session !== undefined && !/^[\w.@:-]{1,128}$/.test(input.session)) {
    throw new ConfigError(where('session'), 'expected 1 to 128 letters, digits or . _ - @ :');
  }
  return {
    name,
    provider,
    baseUrl: !rule.remote || given === undefined ? null : httpUrl(where('baseUrl'), given),
    session: input.session ?? 'default',
    sessionGiven: input.session !== undefined,
    apiKey: input.apiKey ?? null,
    username: input.username ?? null,
    password: input.password ?? null,
    access,
  };
}

const ENV_NAMES: Record<keyof SessionInput, string> = {
  provider: 'WA_PROVIDER',
  baseUrl: 'WA_BASE_URL',
  session: 'WA_SESSION',
  apiKey: 'WA_API_KEY',
  username: 'WA_USERNAME',
  password: 'WA_PASSWORD',
};

// Sessions-file fields: the single-session variables' own, and the objects that have none.
const ENTRY_FIELDS: readonly string[] = [...Object.keys(ENV_NAMES), 'access', 'webhook'];

function sessionsFromFile(path: string): SessionConfig[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError('WA_SESSIONS_FILE', `cannot read ${JSON.stringify(path)} as JSON (${(error as Error).message.split('\n')[0]})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || Object.keys(parsed).length === 0) {
    throw new ConfigError('WA_SESSIONS_FILE', 'expected a JSON object of named sessions, { "name": { "provider": … } }');
  }
  return Object.entries(parsed).map(([name, entry]) => {
    const where = (field: string) => `WA_SESSIONS_FILE (session ${JSON.stringify(name)}, ${field})`;
    if (!/^[\w.-]{1,64}$/.test(name)) {
      throw new ConfigError(
        `WA_SESSIONS_FILE (session ${JSON.stringify(name.slice(0, 64))})`,
        'a session name is 1 to 64 letters, digits or . _ -',
      );
    }
    const record = fileObject(entry, ENTRY_FIELDS, where('entry'), 'an object', where);
    const input: SessionInput = {};
    for (const field of Object.keys(ENV_NAMES) as Array<keyof SessionInput>) {
      input[field] = fileString(record, field, where(field));
    }
    const session = sessionConfig(name, input, record.access === undefined ? null : sessionAccess(record.access, where), where);
    return { ...session, webhook: record.webhook === undefined ? null : webhookFromFile(record.webhook, session.provider, where) };
  });
}

/** The sessions file when WA_SESSIONS_FILE is set, else one `default` session from the WA_* variables. */
export function sessionsConfig(env: Env): SessionConfig[] {
  const file = raw(env, 'WA_SESSIONS_FILE');
  if (file !== undefined) {
    return sessionsFromFile(file);
  }
  const input: SessionInput = {};
  for (const [field, variable] of Object.entries(ENV_NAMES) as Array<[keyof SessionInput, string]>) {
    input[field] = raw(env, variable);
  }
  const session = sessionConfig('default', input, ANY_VERIFIED_CALLER, (field) => ENV_NAMES[field]);
  return [{ ...session, webhook: webhookFromEnv(env, session.provider) }];
}
