/**
 * Why the server could not listen, as one line naming the variable to change — the same shape as
 * a bad variable's, instead of a stack trace. Null for errors that are not about the address.
 */
export function listenProblem(error: unknown, port: number, host: string): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case 'EADDRINUSE':
      return `PORT: ${port} is already in use on ${host}`;
    case 'EACCES':
      return `PORT: this process may not listen on ${port} (ports below 1024 need privileges)`;
    case 'EADDRNOTAVAIL':
      return `HOST: ${host} is not an address of this machine`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `HOST: ${host} does not resolve to an address`;
    default:
      return null;
  }
}
