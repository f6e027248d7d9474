import type { Logger } from '../logger.js';
import type { PictureStore } from '../store/picture-store.js';
import { parseRecord } from './picture-records.js';
import { pictureOfKey, PICTURES_PREFIX, RECORD_FILE, recordKey, variantKeys } from './picture-paths.js';

export interface RetentionSweepOptions {
  readonly store: PictureStore;
  readonly retentionMs: number;
  readonly logger: Logger;
  readonly now: () => number;
}

export interface SweepResult {
  /** Hosted pictures removed whole (record and files). */
  readonly removed: number;
  /** Hosted pictures looked at. */
  readonly seen: number;
}

interface Group {
  readonly sessionKey: string;
  readonly pictureKey: string;
  record: Date | null;
  newest: number;
}

/**
 * Removes the copies nobody asked for within the retention period. One listing of the store,
 * with no read per picture: a picture's files come together in the listing, and its record's last
 * write time is its last ask. A picture is removed when its record is older than the retention
 * (read once more just before, in case an ask came in meanwhile), or when it has no record and
 * its files are that old (left behind by a crash or a race with an earlier sweep).
 */
export async function sweepRetention(options: RetentionSweepOptions): Promise<SweepResult> {
  const { store, retentionMs, logger, now } = options;
  const cutoff = now() - retentionMs;
  let removed = 0;
  let seen = 0;
  let group: Group | null = null;

  const settle = async (done: Group): Promise<void> => {
    seen += 1;
    const expired = done.record === null ? done.newest < cutoff : done.record.getTime() < cutoff;
    if (!expired) {
      return;
    }
    const record = recordKey(done.sessionKey, done.pictureKey);
    if (done.record !== null) {
      const object = await store.get(record);
      const current = object === null ? null : parseRecord(object.bytes);
      if (current !== null && current.askedAt >= cutoff) {
        return;
      }
    }
    // The files first, the record last: a sweep cut short leaves a record that the next one finds.
    await store.delete(variantKeys(done.sessionKey, done.pictureKey));
    await store.delete([record]);
    removed += 1;
  };

  for await (const object of store.list(PICTURES_PREFIX)) {
    const owner = pictureOfKey(object.key);
    if (owner === null) {
      continue;
    }
    if (group === null || group.sessionKey !== owner.sessionKey || group.pictureKey !== owner.pictureKey) {
      if (group !== null) {
        await settle(group);
      }
      group = { ...owner, record: null, newest: 0 };
    }
    group.newest = Math.max(group.newest, object.modifiedAt.getTime());
    if (object.key.endsWith(`/${RECORD_FILE}`)) {
      group.record = object.modifiedAt;
    }
  }
  if (group !== null) {
    await settle(group);
  }
  if (removed > 0) {
    logger.info('retention sweep removed hosted pictures nobody asked for', { removed, seen });
  }
  return { removed, seen };
}
