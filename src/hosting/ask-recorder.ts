import type { Logger } from '../logger.js';
import type { PictureRecords } from './picture-records.js';

export interface AskRecorderOptions {
  readonly records: PictureRecords;
  readonly logger: Logger;
  readonly now: () => number;
  /** Least time between two record writes of one picture by this process. */
  readonly intervalMs: number;
}

// Record writes in flight at once, and waiting; past the queue's bound an ask is dropped (and not
// remembered, so the next ask of that picture tries again).
const CONCURRENCY = 4;
const MAX_QUEUED = 10_000;
// The throttle's memory; past it, it starts again (costing one early rewrite per picture).
const MAX_REMEMBERED = 100_000;

interface Ask {
  readonly sessionKey: string;
  readonly pictureKey: string;
  readonly jid: string;
}

/**
 * Notes, off the request path, that a hosted URL was handed out: it writes the picture's record
 * (JID and time of the ask) in the background, at most once per `intervalMs` per picture per
 * process, with a bounded queue and a few writes at a time. Resolving `hostedUrl` costs one map
 * lookup; a store that is slow or away never delays an answer.
 */
export class AskRecorder {
  readonly #options: AskRecorderOptions;
  // By session key, then picture key: no string is built on the warm path to look one up.
  readonly #lastAsked = new Map<string, Map<string, number>>();
  #remembered = 0;
  readonly #queue: Ask[] = [];
  readonly #pending = new Map<string, Promise<void>>();
  #active = 0;

  constructor(options: AskRecorderOptions) {
    this.#options = options;
  }

  /** Called on the warm path: no I/O, no await. */
  note(sessionKey: string, pictureKey: string, jid: string): void {
    const now = this.#options.now();
    let session = this.#lastAsked.get(sessionKey);
    const last = session?.get(pictureKey);
    if (last !== undefined && now - last < this.#options.intervalMs) {
      return;
    }
    if (this.#queue.length >= MAX_QUEUED) {
      return;
    }
    if (this.#remembered >= MAX_REMEMBERED) {
      this.#lastAsked.clear();
      this.#remembered = 0;
      session = undefined;
    }
    if (session === undefined) {
      session = new Map();
      this.#lastAsked.set(sessionKey, session);
    }
    if (last === undefined) {
      this.#remembered += 1;
    }
    session.set(pictureKey, now);
    this.#queue.push({ sessionKey, pictureKey, jid });
    this.#pump();
  }

  /** The record write for this picture that is queued or running in this process, if any. */
  pending(sessionKey: string, pictureKey: string): Promise<void> | undefined {
    return this.#pending.get(`${sessionKey}/${pictureKey}`);
  }

  /** Waits for every queued write (a graceful stop). */
  async drain(): Promise<void> {
    while (this.#pending.size > 0) {
      await Promise.allSettled([...this.#pending.values()]);
    }
  }

  #pump(): void {
    while (this.#active < CONCURRENCY) {
      const ask = this.#queue.shift();
      if (ask === undefined) {
        return;
      }
      this.#active += 1;
      const id = `${ask.sessionKey}/${ask.pictureKey}`;
      const write = this.#options.records
        .write(ask.sessionKey, ask.pictureKey, ask.jid)
        .catch((error: unknown) => {
          // Forgotten, so the next ask of this picture writes again.
          this.#lastAsked.get(ask.sessionKey)?.delete(ask.pictureKey);
          this.#options.logger.debug('could not record a hosted picture ask', { error });
        })
        .finally(() => {
          this.#active -= 1;
          if (this.#pending.get(id) === write) {
            this.#pending.delete(id);
          }
          this.#pump();
        });
      this.#pending.set(id, write);
    }
  }
}
