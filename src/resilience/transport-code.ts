/**
 * The code of a failed connection (ECONNRESET, UND_ERR_SOCKET, UND_ERR_CONNECT_TIMEOUT…): on the
 * error itself, or on its cause where undici wraps a socket's error. It says what broke and names
 * no host, so it may be logged and matched on.
 */
export function transportCode(error: unknown): string | undefined {
  const { code, cause } = (error ?? {}) as { code?: unknown; cause?: { code?: unknown } };
  if (typeof code === 'string') {
    return code;
  }
  return typeof cause?.code === 'string' ? cause.code : undefined;
}
