/**
 * What never reaches a log line, in one place: the logger is configured with these, so no call
 * site has to remember them.
 */

/** Field names whose values are credentials, wherever they appear in a line (up to two levels down). */
const CREDENTIAL_FIELDS = [
  'authorization',
  'proxy-authorization',
  'router-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'apikey',
  'apiKey',
  'api_key',
  'access_token',
  'accessToken',
  'token',
  'password',
  'secret',
  'client_secret',
] as const;

/** Query parameters that carry credentials in URLs (Wawp's `access_token` above all). */
const CREDENTIAL_QUERY_PARAMETERS = ['access_token', 'token', 'apikey', 'api_key', 'key', 'password', 'secret'] as const;

export const REDACTED = '[redacted]';

/** pino `redact` paths for every credential field: top level, and one or two objects down (headers, options). */
export const REDACT_PATHS: readonly string[] = CREDENTIAL_FIELDS.flatMap((field) => {
  const path = /^[A-Za-z_$][\w$]*$/.test(field) ? field : `["${field}"]`;
  const nested = path.startsWith('[') ? path : `.${path}`;
  return [path, `*${nested}`, `*.*${nested}`];
});

const QUERY_CREDENTIAL = new RegExp(`([?&;](?:${CREDENTIAL_QUERY_PARAMETERS.join('|')})=)[^&#\\s"'<>]*`, 'gi');
const URL_USERINFO = /(\b[a-z][a-z0-9+.-]*:\/\/)[^/@\s"'<>]+@/gi;

/** A text with the credentials of any URL in it (query parameters above, `user:password@`) replaced. */
export function scrubCredentials(text: string): string {
  if (!text.includes('=') && !text.includes('@')) {
    return text;
  }
  return text.replace(QUERY_CREDENTIAL, `$1${REDACTED}`).replace(URL_USERINFO, `$1${REDACTED}@`);
}
