import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ServedFile {
  readonly body: Buffer | string;
  readonly type: string;
}

export interface ImageServer {
  /** The URL of `path` on this server (which need not serve it: a 404 is a test case too). */
  url(path: string): string;
  /** Paths requested so far, with their query strings. */
  readonly hits: string[];
  close(): Promise<void>;
}

/** Where the providers that download a picture themselves (Wasend, WAHA `url`, Evolution) fetch it from in tests: loopback only. */
export async function startImageServer(files: Record<string, ServedFile>): Promise<ImageServer> {
  const hits: string[] = [];
  const server = createServer((request, response) => {
    hits.push(request.url ?? '');
    const file = files[new URL(request.url ?? '/', 'http://images').pathname];
    if (file === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    response.writeHead(200, { 'content-type': file.type, 'content-length': Buffer.byteLength(file.body) }).end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: (path) => `${base}${path}`,
    hits,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
