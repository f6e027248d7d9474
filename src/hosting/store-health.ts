import { randomBytes } from 'node:crypto';
import type { Logger } from '../logger.js';
import { StoreError, type PictureStore } from '../store/picture-store.js';

/** `ok`; `full`: writes fail for lack of room; `down`: the store does not answer. */
export type StoreState = 'ok' | 'full' | 'down';

// While degraded the store is probed this often; while healthy, a cheap check this often keeps
// /ready honest when nothing else touches the store.
const DEGRADED_PROBE_MS = 5_000;
const HEALTHY_PROBE_MS = 30_000;
// Outside the pictures' prefix: the retention sweep never sees a probe.
const PROBE_PREFIX = 'probe/';

/**
 * What the warm path knows about the store without any I/O: the outcome of the store's recent
 * operations and probes. While it is not `ok`, `hostedUrl` answers null (and `displayUrl` the CDN
 * URL) instead of handing out URLs that the store might not serve.
 */
export class StoreHealth {
  readonly #store: PictureStore;
  readonly #logger: Logger;
  #state: StoreState = 'ok';
  #timer: NodeJS.Timeout | undefined;
  #probing = false;

  constructor(store: PictureStore, logger: Logger) {
    this.#store = store;
    this.#logger = logger;
  }

  get state(): StoreState {
    return this.#state;
  }

  /** Whether hosted URLs may be handed out. */
  get serving(): boolean {
    return this.#state === 'ok';
  }

  /** Records a failed operation: a StoreError says which kind; anything else is a store that is away. */
  failed(error: unknown): void {
    const state: StoreState = error instanceof StoreError && error.failure === 'full' ? 'full' : 'down';
    if (state !== this.#state) {
      this.#logger.warn('picture store degraded: hosted URLs fall back to CDN URLs until it recovers', {
        store: this.#store.kind,
        state,
        error,
      });
      this.#state = state;
      this.#schedule(DEGRADED_PROBE_MS);
    }
  }

  /** Records a successful write (a read proves nothing about room). */
  wrote(): void {
    this.#recovered();
  }

  /** Records a successful read: the store answers, though it may still be full. */
  read(): void {
    if (this.#state === 'down') {
      this.#recovered();
    }
  }

  /** Probes now (at start) and then periodically; `stop` ends it. */
  async start(): Promise<void> {
    await this.probe();
    if (this.#timer === undefined) {
      this.#schedule(this.serving ? HEALTHY_PROBE_MS : DEGRADED_PROBE_MS);
    }
  }

  /** A cheap check of the store; a full one is probed with a small write, the only proof it has room again. */
  async probe(): Promise<void> {
    if (this.#probing) {
      return;
    }
    this.#probing = true;
    try {
      if (this.#state === 'full') {
        const key = `${PROBE_PREFIX}${randomBytes(8).toString('hex')}.json`;
        await this.#store.put(key, Buffer.from('{}'), 'application/json');
        await this.#store.delete([key]);
        this.wrote();
      } else {
        await this.#store.check();
        this.read();
      }
    } catch (error) {
      this.failed(error);
    } finally {
      this.#probing = false;
    }
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #recovered(): void {
    if (this.#state !== 'ok') {
      this.#logger.info('picture store recovered: hosted URLs are handed out again', { store: this.#store.kind });
      this.#state = 'ok';
    }
  }

  #schedule(ms: number): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      void this.probe().finally(() => {
        if (this.#timer !== undefined) {
          this.#schedule(this.serving ? HEALTHY_PROBE_MS : DEGRADED_PROBE_MS);
        }
      });
    }, ms);
    this.#timer.unref();
  }
}
