import type { PictureStore } from '../store/picture-store.js';
import { recordKey } from './picture-paths.js';
import type { StoreHealth } from './store-health.js';

/**
 * What the store knows of one hosted picture besides its bytes: whose picture it is (the canonical
 * JID, which the URL does not reveal) and when somebody last asked for it. Written when `hostedUrl`
 * or `displayUrl` is read, so the picture route can fetch the copy on first view, and the age
 * decides retention.
 */
export interface PictureRecord {
  readonly jid: string;
  readonly askedAt: number;
}

const RECORD_VERSION = 1;
// The route reads a record on every view that its browser has not cached; a short memo spares
// the store most of those reads without hiding a new ask for long.
const MEMO_MS = 30_000;
const MAX_MEMO = 10_000;

export class PictureRecords {
  readonly #store: PictureStore;
  readonly #health: StoreHealth;
  readonly #now: () => number;
  readonly #memo = new Map<string, { readonly record: PictureRecord; readonly until: number }>();

  constructor(store: PictureStore, health: StoreHealth, now: () => number) {
    this.#store = store;
    this.#health = health;
    this.#now = now;
  }

  async write(sessionKey: string, pictureKey: string, jid: string): Promise<void> {
    const record: PictureRecord = { jid, askedAt: this.#now() };
    const key = recordKey(sessionKey, pictureKey);
    try {
      await this.#store.put(key, Buffer.from(JSON.stringify({ v: RECORD_VERSION, ...record })), 'application/json');
      this.#health.wrote();
    } catch (error) {
      this.#health.failed(error);
      throw error;
    }
    this.#remember(key, record);
  }

  /** The record, or null when there is none (or it is unreadable). Store failures reject. */
  async read(sessionKey: string, pictureKey: string): Promise<PictureRecord | null> {
    const key = recordKey(sessionKey, pictureKey);
    const memo = this.#memo.get(key);
    if (memo !== undefined && memo.until > this.#now()) {
      return memo.record;
    }
    let object;
    try {
      object = await this.#store.get(key);
      this.#health.read();
    } catch (error) {
      this.#health.failed(error);
      throw error;
    }
    const record = object === null ? null : parseRecord(object.bytes);
    if (record !== null) {
      this.#remember(key, record);
    }
    return record;
  }

  #remember(key: string, record: PictureRecord): void {
    if (this.#memo.size >= MAX_MEMO) {
      this.#memo.clear();
    }
    this.#memo.set(key, { record, until: this.#now() + MEMO_MS });
  }
}

export function parseRecord(bytes: Buffer): PictureRecord | null {
  try {
    const value = JSON.parse(bytes.toString('utf8')) as { v?: unknown; jid?: unknown; askedAt?: unknown };
    return value.v === RECORD_VERSION && typeof value.jid === 'string' && typeof value.askedAt === 'number'
      ? { jid: value.jid, askedAt: value.askedAt }
      : null;
  } catch {
    return null;
  }
}
