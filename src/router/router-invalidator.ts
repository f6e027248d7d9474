import { Agent, request } from 'undici';
import type { Counter } from 'prom-client';
import type { RouterInvalidationConfig } from '../config/index.js';
import type { Logger } from '../logger.js';
import type { InvalidationOutcome } from './invalidation-outcome.js';

export interface RouterInvalidatorOptions {
  readonly config: RouterInvalidationConfig;
  readonly logger: Logger;
  readonly outcomes: Counter<'outcome'>;
}

// The router processes an array of requests in order; keep one POST small enough to stay quick.
const MAX_TAGS_PER_POST = 100;
// Past this many tags waiting behind a slow router, new ones are dropped (counted): routers'
// entries still end at their max-age, and memory stays bounded.
const MAX_WAITING_TAGS = 10_000;
// The answer is `{"count": N}`; anything longer is not worth reading.
const MAX_ANSWER_BYTES = 4096;

interface Batch {
  readonly done: Promise<void>;
  readonly resolve: () => void;
}

function batch(): Batch {
  let resolve!: () => void;
  const done = new Promise<void>((settle) => {
    resolve = settle;
  });
  return { done, resolve };
}

/**
 * Tells Apollo Router 2.x that pictures changed, through its response-cache invalidation endpoint:
 * `POST` a JSON array of `{"kind":"cache_tag","subgraphs":["<name>"],"cache_tag":"<tag>"}` with the
 * raw shared key as `Authorization` (router `invalidation_endpoint.rs`). One POST at a time: tags
 * that arrive while one is in flight wait and go together in the next, so a burst of changes costs
 * a few POSTs, not one each. A failure is logged and counted and never thrown: the router's entries
 * still end at the max-age this subgraph gave them.
 */
export class RouterInvalidator {
  readonly #config: RouterInvalidationConfig;
  readonly #logger: Logger;
  readonly #outcomes: Counter<'outcome'>;
  readonly #agent: Agent;
  readonly #waiting = new Set<string>();
  #next = batch();
  #draining: Promise<void> | null = null;
  #closed = false;

  constructor(options: RouterInvalidatorOptions) {
    this.#config = options.config;
    this.#logger = options.logger;
    this.#outcomes = options.outcomes;
    const { timeoutMs } = options.config;
    this.#agent = new Agent({ connections: 2, connectTimeout: timeoutMs, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
  }

  /** Resolves once a POST carrying these tags has ended, however it ended; never rejects. */
  invalidate(tags: readonly string[]): Promise<void> {
    if (this.#closed) {
      return Promise.resolve();
    }
    let dropped = 0;
    for (const tag of tags) {
      if (this.#waiting.size >= MAX_WAITING_TAGS && !this.#waiting.has(tag)) {
        dropped += 1;
      } else {
        this.#waiting.add(tag);
      }
    }
    if (dropped > 0) {
      this.#outcomes.inc({ outcome: 'dropped' satisfies InvalidationOutcome }, dropped);
      this.#logger.warn('router invalidation dropped: too many tags waiting for the router', { dropped });
    }
    if (this.#waiting.size === 0) {
      return Promise.resolve();
    }
    const { done } = this.#next;
    this.#draining ??= this.#drain();
    return done;
  }

  /** Waits for the POSTs already due, then releases the connections. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#draining;
    await this.#agent.close();
  }

  async #drain(): Promise<void> {
    // Runs until nothing waits; the check and the reset below happen in one synchronous step, so a
    // tag added at any moment is either taken by this loop or starts the next one.
    while (this.#waiting.size > 0) {
      const tags = [...this.#waiting];
      this.#waiting.clear();
      const current = this.#next;
      this.#next = batch();
      try {
        for (let start = 0; start < tags.length; start += MAX_TAGS_PER_POST) {
          await this.#post(tags.slice(start, start + MAX_TAGS_PER_POST));
        }
      } finally {
        current.resolve();
      }
    }
    this.#draining = null;
  }

  async #post(tags: readonly string[]): Promise<void> {
    const { url, key, subgraph, timeoutMs } = this.#config;
    const body = JSON.stringify(tags.map((tag) => ({ kind: 'cache_tag', subgraphs: [subgraph], cache_tag: tag })));
    try {
      const response = await request(url, {
        method: 'POST',
        // The router compares the raw value with its shared_key: no `Bearer`.
        headers: { authorization: key, 'content-type': 'application/json' },
        body,
        dispatcher: this.#agent,
        signal: AbortSignal.timeout(timeoutMs),
      });
      const answer = await readCapped(response.body);
      if (response.statusCode >= 200 && response.statusCode < 300) {
        this.#count('ok');
        this.#logger.debug('router invalidated', { tags: tags.length, answer });
      } else {
        this.#count('rejected');
        this.#logger.warn('router refused an invalidation', { status: response.statusCode, tags: tags.length });
      }
    } catch (error) {
      this.#count('failed');
      this.#logger.warn('router invalidation failed', { error, tags: tags.length });
    }
  }

  #count(outcome: InvalidationOutcome): void {
    this.#outcomes.inc({ outcome });
  }
}

async function readCapped(body: AsyncIterable<Buffer> & { destroy(): unknown }): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= MAX_ANSWER_BYTES) {
      body.destroy();
      break;
    }
  }
  return Buffer.concat(chunks).subarray(0, MAX_ANSWER_BYTES).toString('utf8');
}
