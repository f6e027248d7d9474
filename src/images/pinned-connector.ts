import { isIP, type Socket } from 'node:net';
import { buildConnector } from 'undici';

/** A socket the intake is about to open: always to an address it has checked, never to a name. */
export interface SocketTarget {
  readonly address: string;
  readonly port: number;
  readonly protocol: 'http:' | 'https:';
  /** The name TLS sends as SNI and verifies the certificate for; null for plain http or an IP-literal URL. */
  readonly servername: string | null;
}

/**
 * Opens every socket of the intake. `open` is undici's own connector (connect timeout, TLS with
 * certificate verification); a Connector may observe or refuse the target before calling it. Tests
 * pass one that records every target and refuses anything off loopback.
 */
export type Connector = (target: SocketTarget, open: () => Promise<Socket>) => Promise<Socket>;

export const directConnector: Connector = (_target, open) => open();

/**
 * The undici connector behind the intake's Agent. Requests go to an IP-literal origin with the
 * original Host header, so undici has nothing to resolve: the socket lands on the checked address,
 * and TLS still verifies the certificate for the name (undici derives SNI from the Host header).
 * A name reaching this point would be a bug that reopens DNS rebinding, so it fails the connection.
 */
export function pinnedConnector(connectTimeoutMs: number, connector: Connector): buildConnector.connector {
  const open = buildConnector({ timeout: connectTimeoutMs });
  return (options, callback) => {
    if (isIP(options.hostname) === 0 || (options.protocol !== 'http:' && options.protocol !== 'https:')) {
      callback(new Error('image intake: refusing a socket to an unchecked host'), null);
      return;
    }
    const target: SocketTarget = {
      address: options.hostname,
      port: Number(options.port) || (options.protocol === 'https:' ? 443 : 80),
      protocol: options.protocol,
      servername: options.servername || null,
    };
    const openSocket = (): Promise<Socket> =>
      new Promise((resolve, reject) => {
        open(options, (error, socket) => (error === null ? resolve(socket) : reject(error)));
      });
    // Through a promise, so a connector that throws synchronously still fails the connection instead of stalling it.
    Promise.resolve()
      .then(() => connector(target, openSocket))
      .then(
        (socket) => callback(null, socket),
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), null),
      );
  };
}
