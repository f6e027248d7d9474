import { errors as undiciErrors, Pool, type Dispatcher, type FormData } from 'undici';
import { AppError } from '../errors.js';
import { transportCode } from '../resilience/transport-code.js';

/** Bodies larger than this are not a picture answer; reading stops there. */
const MAX_BODY_BYTES = 256 * 1024;

export interface ProviderResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The parsed JSON body, or the raw text when it is not JSON. */
  readonly body: unknown;
  /** When it arrived, by the provider clock: a `Retry-After` in seconds counts from here. */
  readonly receivedAt: number;
}

export interface ProviderRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path below the base URL, starting with `/`; callers encode its variable parts. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | undefined>>;
  readonly headers?: Readonly<Record<string, string>>;
  /** A JSON body; at most one of `json` and `form`. */
  readonly json?: unknown;
  /**
   * A multipart body, built with undici's own FormData (Node's global one is another copy of undici
   * that this Pool does not recognise). Give file parts a Blob with their content type and a
   * filename: some providers refuse `application/octet-stream` parts (GoWA).
   */
  readonly form?: FormData;
  readonly signal: AbortSignal;
  /**
   * Sends the request once more when its connection dies before an answer. Only for callers outside
   * the provider gate (the JWKS fetch): provider reads are retried by the gate, under its retry
   * budget, and writes never are.
   */
  readonly retryOnDeadConnection?: boolean;
}

export interface ProviderHttpOptions {
  readonly baseUrl: string;
  /** Most connections to the provider; the service already caps calls per session at the same number. */
  readonly connections: number;
  /** Socket-level bound; the per-call deadline arrives through each request's signal. */
  readonly timeoutMs: number;
  /** The provider clock, which stamps each answer (tests move it); Date.now by default. */
  readonly now?: () => number;
}

// Failures of the connection itself, where the provider never answered: a read may be asked again.
const CONNECTION_FAILURES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

/**
 * The one HTTP client every adapter shares: a bounded undici Pool per provider session, the
 * deadline of each call, bodies always read to the end (or cancelled), and failures of the
 * transport mapped to the contract's codes. Messages never include URLs: some providers want
 * credentials in the query string.
 */
export class ProviderHttp {
  readonly #pool: Pool;
  readonly #basePath: string;
  readonly #now: () => number;

  constructor(options: ProviderHttpOptions) {
    const url = new URL(options.baseUrl);
    this.#basePath = url.pathname.replace(/\/+$/, '');
    this.#now = options.now ?? Date.now;
    this.#pool = new Pool(url.origin, {
      connections: options.connections,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      connectTimeout: Math.min(options.timeoutMs, 10_000),
    });
  }

  async request(request: ProviderRequest): Promise<ProviderResponse> {
    try {
      return await this.#send(request);
    } catch (error) {
      if (request.retryOnDeadConnection === true && !request.signal.aborted && CONNECTION_FAILURES.has(transportCode(error) ?? '')) {
        try {
          return await this.#send(request);
        } catch (retryError) {
          throw this.#transportError(retryError, request.signal);
        }
      }
      throw this.#transportError(error, request.signal);
    }
  }

  async close(): Promise<void> {
    await this.#pool.close();
  }

  async #send(request: ProviderRequest): Promise<ProviderResponse> {
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) {
        search.set(name, value);
      }
    }
    const query = search.size > 0 ? `?${search.toString()}` : '';
    const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
    const options: Dispatcher.RequestOptions = {
      method: request.method,
      path: `${this.#basePath}${request.path}${query}`,
      headers,
      signal: request.signal,
    };
    if (request.json !== undefined) {
      headers['content-type'] = 'application/json';
      options.body = JSON.stringify(request.json);
    } else if (request.form !== undefined) {
      // undici writes the multipart content type with its boundary and the length itself.
      options.body = request.form;
    }
    const response = await this.#pool.request(options);
    const receivedAt = this.#now();
    return { status: response.statusCode, headers: response.headers, body: await readBody(response.body), receivedAt };
  }

  #transportError(error: unknown, signal: AbortSignal): AppError {
    if (error instanceof AppError) {
      return error;
    }
    if (signal.aborted && signal.reason instanceof AppError) {
      return signal.reason;
    }
    if (
      error instanceof undiciErrors.HeadersTimeoutError ||
      error instanceof undiciErrors.BodyTimeoutError ||
      error instanceof undiciErrors.ConnectTimeoutError
    ) {
      // Transient: the gate asks again only if the call's deadline leaves as much time as this took.
      return new AppError('UPSTREAM_TIMEOUT', 'The WhatsApp provider did not answer in time', { cause: error, transient: true });
    }
    const transient = CONNECTION_FAILURES.has(transportCode(error) ?? '');
    return new AppError('UPSTREAM_UNAVAILABLE', 'The WhatsApp provider could not be reached', { cause: error, transient });
  }
}

async function readBody(body: Dispatcher.ResponseData['body']): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) {
      body.destroy();
      throw new AppError('UPSTREAM_UNAVAILABLE', 'The WhatsApp provider sent an oversized answer');
    }
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
