import type { PictureService } from '../pictures/picture-service.js';
import type { Session } from '../session.js';
import type { PictureChange } from './picture-event.js';

// Changes of one delivery applied at once; each costs a cache round trip or two.
const CONCURRENCY = 8;

/**
 * Applies what one event says to the session's pictures, and returns how many it changed. Only
 * ever the session the delivery was verified for: the event's JIDs are looked up under that
 * session's cache identity and no other.
 */
export async function applyChanges(service: PictureService, session: Session, changes: readonly PictureChange[]): Promise<number> {
  // One change per JID: the last word of the event about it.
  const byJid = new Map(changes.map((change) => [change.jid.canonical, change]));
  const queue = [...byJid.values()];
  let changed = 0;
  const worker = async () => {
    for (let change = queue.shift(); change !== undefined; change = queue.shift()) {
      if (await applyOne(service, session, change)) {
        changed += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, queue.length) }, worker));
  return changed;
}

async function applyOne(service: PictureService, session: Session, change: PictureChange): Promise<boolean> {
  switch (change.kind) {
    case 'changed':
      await service.invalidate(session, change.jid);
      return true;
    case 'picture':
      return (await service.remember(session, change.jid, change.picture)) !== 'unchanged';
    case 'maybe-removed': {
      // Evolution says null for removed, hidden and failed alike: worth a re-read only where we
      // still show a picture, never a reason to store "none".
      const cached = await service.cached(session, change.jid);
      if (cached?.status !== 'AVAILABLE') {
        return false;
      }
      await service.invalidate(session, change.jid);
      return true;
    }
  }
}
