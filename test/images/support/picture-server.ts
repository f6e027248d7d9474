import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Route = (request: IncomingMessage, response: ServerResponse) => void;

/** One request as the server saw it. */
export interface SeenRequest {
  readonly path: string;
  readonly host: string | undefined;
}

/** A node:http server on 127.0.0.1:0 that answers by path and records every request. */
export class PictureServer {
  readonly requests: SeenRequest[] = [];
  readonly #routes = new Map<string, Route>();
  readonly #server: Server;

  private constructor() {
    this.#server = createServer((request, response) => {
      const path = request.url ?? '/';
      this.requests.push({ path, host: request.headers.host });
      const route = this.#routes.get(path.split('?')[0] ?? path);
      if (route === undefined) {
        response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      route(request, response);
    });
  }

  static async start(): Promise<PictureServer> {
    const server = new PictureServer();
    await new Promise<void>((resolve) => server.#server.listen(0, '127.0.0.1', resolve));
    return server;
  }

  get port(): number {
    return (this.#server.address() as AddressInfo).port;
  }

  /** `127.0.0.1:<port>`, the form an allowlist entry takes. */
  get host(): string {
    return `127.0.0.1:${this.port}`;
  }

  url(path: string): string {
    return `http://${this.host}${path}`;
  }

  route(path: string, route: Route): this {
    this.#routes.set(path, route);
    return this;
  }

  async close(): Promise<void> {
    // Hung and trickling routes hold their sockets open; end them rather than wait.
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

export function serveBytes(bytes: Buffer, contentType = 'image/jpeg'): Route {
  return (_request, response) => {
    response.writeHead(200, { 'content-type': contentType, 'content-length': bytes.length }).end(bytes);
  };
}

export function redirectTo(location: string, status = 302): Route {
  return (_request, response) => {
    response.writeHead(status, { location }).end('moved');
  };
}

/** Headers at once, then nothing: the response never ends until the client gives up. */
export function hang(): Route {
  return () => {};
}

/** Resolves when the response's connection closes; `finished` says whether the whole body had been written. */
export function whenClosed(response: ServerResponse): Promise<{ readonly finished: boolean }> {
  return new Promise((resolve) => response.on('close', () => resolve({ finished: response.writableFinished })));
}
