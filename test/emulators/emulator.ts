import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the emulator received it, for tests to assert the wire format. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** The body's bytes, for binary parts (multipart uploads) that the UTF-8 `body` would mangle. */
  readonly rawBody: Buffer;
  /** Raw query string, to check what travels in URLs (Wawp's credentials do). */
  readonly rawUrl: string;
}

export interface EmulatorResponse {
  readonly status: number;
  /** An object is sent as JSON; a string as text/plain. */
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export type Fault =
  | { readonly kind: 'latency'; readonly ms: number }
  /** Any answer instead of the provider's: an error status, or a 200 whose body is garbage; `headers` such as Retry-After. */
  | { readonly kind: 'status'; readonly status: number; readonly body?: unknown; readonly headers?: Readonly<Record<string, string>> }
  | { readonly kind: 'hang' }
  | { readonly kind: 'reset' }
  | { readonly kind: 'rate-limit'; readonly retryAfterSeconds: number };

interface FaultRule {
  readonly fault: Fault;
  remaining: number;
  readonly when: (request: RecordedRequest) => boolean;
}

export type Handler = (request: RecordedRequest) => EmulatorResponse | Promise<EmulatorResponse>;

/**
 * The HTTP shell every provider emulator shares: a node:http server on 127.0.0.1:0 that records
 * every request, tracks how many are in flight, and injects faults before the provider's own
 * handler answers. The handlers, not this shell, hold each provider's wire format.
 */
export class Emulator {
  readonly requests: RecordedRequest[] = [];
  inFlight = 0;
  maxInFlight = 0;
  readonly #rules: FaultRule[] = [];
  readonly #server = createServer((request, response) => {
    this.#handle(request, response).catch((error: unknown) => {
      response.writeHead(500).end(String(error));
    });
  });
  #url = '';

  constructor(private readonly handler: Handler) {}

  get url(): string {
    return this.#url;
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.#url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }

  /** Applies `fault` to the next `times` requests that match `when` (all requests by default). */
  inject(fault: Fault, options: { times?: number; when?: (request: RecordedRequest) => boolean } = {}): void {
    this.#rules.push({ fault, remaining: options.times ?? Number.POSITIVE_INFINITY, when: options.when ?? (() => true) });
  }

  clearFaults(): void {
    this.#rules.length = 0;
  }

  reset(): void {
    this.clearFaults();
    this.requests.length = 0;
    this.maxInFlight = 0;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #handle(incoming: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming as AsyncIterable<Buffer>) {
      chunks.push(chunk);
    }
    const url = new URL(incoming.url ?? '/', 'http://emulator');
    const rawBody = Buffer.concat(chunks);
    const request: RecordedRequest = {
      method: incoming.method ?? 'GET',
      path: decodeURIComponent(url.pathname),
      query: Object.fromEntries(url.searchParams),
      headers: incoming.headers,
      body: rawBody.toString('utf8'),
      rawBody,
      rawUrl: incoming.url ?? '',
    };
    this.requests.push(request);
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    response.on('close', () => {
      this.inFlight -= 1;
    });

    for (const rule of this.#rules) {
      if (rule.remaining <= 0 || !rule.when(request)) {
        continue;
      }
      rule.remaining -= 1;
      const { fault } = rule;
      switch (fault.kind) {
        case 'latency':
          await new Promise((resolve) => setTimeout(resolve, fault.ms));
          break;
        case 'hang':
          return;
        case 'reset':
          incoming.socket.destroy();
          return;
        case 'status':
          send(response, {
            status: fault.status,
            body: fault.body ?? 'Internal Server Error',
            ...(fault.headers ? { headers: fault.headers } : {}),
          });
          return;
        case 'rate-limit':
          send(response, { status: 429, body: 'Too Many Requests', headers: { 'retry-after': String(fault.retryAfterSeconds) } });
          return;
      }
    }
    send(response, await this.handler(request));
  }
}

function send(response: ServerResponse, { status, body, headers }: EmulatorResponse): void {
  if (response.destroyed) {
    return;
  }
  const isText = typeof body === 'string';
  const payload = isText ? body : JSON.stringify(body);
  response.writeHead(status, {
    'content-type': isText ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
    ...headers,
  });
  response.end(payload);
}
