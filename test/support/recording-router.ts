import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One POST the router's invalidation endpoint received. */
export interface InvalidationRequest {
  readonly authorization: string | undefined;
  readonly contentType: string | undefined;
  readonly body: unknown;
}

/**
 * Apollo Router 2.x's response-cache invalidation endpoint, as far as a subgraph sees it
 * (`invalidation_endpoint.rs`): POST only, the raw shared key as `Authorization` (401 otherwise), a
 * JSON array of requests, and 202 `{"count": N}`. It records what it receives and lets a test wait
 * for the next request instead of sleeping; `mode` plays a failing router.
 */
export class RecordingRouter {
  readonly requests: InvalidationRequest[] = [];
  /** `held`: answers as `ok` does, but only once `release()` is called. */
  mode: 'ok' | 'unavailable' | 'hang' | 'held' = 'ok';
  #held: Array<() => void> = [];
  #waiters: Array<{ count: number; resolve: () => void }> = [];
  readonly #hung: ServerResponse[] = [];
  readonly #server = createServer((request, response) => {
    void this.#handle(request, response);
  });

  private constructor(readonly key: string) {}

  static async start(key = 'router-invalidation-shared-key'): Promise<RecordingRouter> {
    const router = new RecordingRouter(key);
    await new Promise<void>((resolve) => router.#server.listen(0, '127.0.0.1', resolve));
    return router;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/invalidation`;
  }

  /** Resolves once `count` requests have arrived in all (at once if they already have). */
  received(count: number): Promise<void> {
    if (this.requests.length >= count) {
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waiters.push({ count, resolve }));
  }

  /** Every `cache_tag` the router was told about, in order. */
  tags(): string[] {
    return this.requests.flatMap((request) =>
      Array.isArray(request.body) ? request.body.map((item: { cache_tag?: unknown }) => String(item.cache_tag)) : [],
    );
  }

  /** Sends the answers held back in `held` mode. */
  release(): void {
    const held = this.#held;
    this.#held = [];
    for (const answer of held) {
      answer();
    }
  }

  async close(): Promise<void> {
    this.release();
    for (const response of this.#hung) {
      response.destroy();
    }
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request as AsyncIterable<Buffer>) {
      chunks.push(chunk);
    }
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      body = null;
    }
    this.requests.push({ authorization: request.headers.authorization, contentType: request.headers['content-type'], body });
    this.#waiters = this.#waiters.filter((waiter) => {
      if (this.requests.length >= waiter.count) {
        waiter.resolve();
        return false;
      }
      return true;
    });
    if (this.mode === 'hang') {
      this.#hung.push(response);
      return;
    }
    if (this.mode === 'unavailable') {
      response.writeHead(503).end();
      return;
    }
    const answer = () => {
      if (request.method !== 'POST' || request.headers.authorization !== this.key) {
        response.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"unauthorized"}');
        return;
      }
      const count = Array.isArray(body) ? body.length : 0;
      response.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ count }));
    };
    if (this.mode === 'held') {
      this.#held.push(answer);
    } else {
      answer();
    }
  }
}
