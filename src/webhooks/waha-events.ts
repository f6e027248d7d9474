import { isObject, NONE } from '../providers/answers.js';
import { eventJid } from './event-jid.js';
import { member, stringMember } from './json-fields.js';
import type { ParsedEvent, PictureChange } from './picture-event.js';

/**
 * WAHA's webhook envelope (`WAHAWebhook`, `webhooks.dto.ts` L129-169) and the events in it that
 * mean a picture changed (provider-writes-and-events.md §2.1):
 * - NOWEB: `engine.event` carrying Baileys' `contacts.update`, whose items with
 *   `imgUrl: "changed" | "removed"` are picture notifications (the other items are push names);
 * - GOWS: `engine.event` carrying whatsmeow's `events.Picture` `{JID, Remove, PictureID}` (if the
 *   engine forwards it: GOWS is closed source);
 * - WEBJS: `group.v2.update` whose raw notification `_data.type` is `picture`.
 * Wawp speaks the same event names; its docs show `engine.event` as `payload.raw.{event,data}` and
 * `group.v2.update` as `{chatId, subject, description}`, so both shapes are read, and a Wawp group
 * update that does not say what changed counts as a possible picture change.
 */
export function parseWahaEvent(body: unknown, flavour: 'waha' | 'wawp'): ParsedEvent {
  if (!isObject(body)) {
    return malformed('the body is not a JSON object');
  }
  const event = member(body, 'event');
  if (typeof event !== 'string') {
    return malformed('event is not a string');
  }
  const timestamp = member(body, 'timestamp');
  if (timestamp !== undefined && (typeof timestamp !== 'number' || !Number.isFinite(timestamp))) {
    return malformed('timestamp is not a number');
  }
  const session = member(body, 'session');
  if (session !== undefined && typeof session !== 'string') {
    return malformed('session is not a string');
  }
  const id = member(body, 'id');
  if (id !== undefined && (typeof id !== 'string' || id.length > 256)) {
    return malformed('id is not a short string');
  }
  const envelope = { providerSession: session ?? null, timestamp: timestamp ?? null };
  const payload = member(body, 'payload');
  let changes: PictureChange[] | string;
  if (event === 'engine.event') {
    changes = engineEvent(isObject(member(payload, 'raw')) ? member(payload, 'raw') : payload);
  } else if (event === 'group.v2.update') {
    changes = groupUpdate(payload, flavour);
  } else {
    return { kind: 'ignored', ...envelope, what: 'an event of another type' };
  }
  if (typeof changes === 'string') {
    return malformed(changes);
  }
  if (changes.length === 0) {
    return { kind: 'ignored', ...envelope, what: `a ${event} without a picture change` };
  }
  return { kind: 'pictures', eventId: id ?? null, ...envelope, changes };
}

/** Baileys' and whatsmeow's events as WAHA forwards them: `{event, data}`. A string is what is wrong. */
function engineEvent(payload: unknown): PictureChange[] | string {
  if (!isObject(payload)) {
    return 'engine.event has no payload object';
  }
  const inner = member(payload, 'event');
  const data = member(payload, 'data');
  if (inner === 'contacts.update') {
    if (!Array.isArray(data)) {
      return 'contacts.update data is not an array';
    }
    const changes: PictureChange[] = [];
    for (const item of data) {
      if (!isObject(item)) {
        return 'a contacts.update item is not an object';
      }
      const imgUrl = member(item, 'imgUrl');
      const jid = eventJid(member(item, 'id'));
      // Only Baileys' picture notification sets imgUrl to these words; push-name updates have none.
      if (jid !== null && imgUrl === 'changed') {
        changes.push({ kind: 'changed', jid });
      } else if (jid !== null && imgUrl === 'removed') {
        changes.push({ kind: 'picture', jid, picture: NONE });
      }
    }
    return changes;
  }
  if (inner === 'events.Picture') {
    if (!isObject(data)) {
      return 'events.Picture data is not an object';
    }
    const remove = member(data, 'Remove');
    if (remove !== undefined && typeof remove !== 'boolean') {
      return 'events.Picture Remove is not a boolean';
    }
    const jid = eventJid(member(data, 'JID'));
    if (jid === null) {
      return [];
    }
    // A new picture id names the picture but gives no URL to show, and WAHA's reads carry no id to
    // compare it with: the picture is re-read (with refresh) rather than stored.
    return [remove === true ? { kind: 'picture', jid, picture: NONE } : { kind: 'changed', jid }];
  }
  return [];
}

function groupUpdate(payload: unknown, flavour: 'waha' | 'wawp'): PictureChange[] | string {
  if (!isObject(payload)) {
    return 'group.v2.update has no payload object';
  }
  const raw = member(payload, '_data');
  const type = stringMember(raw, 'type');
  // WEBJS says which setting changed; NOWEB and GOWS send group updates that never are pictures.
  if (type === undefined ? flavour === 'waha' : type !== 'picture') {
    return [];
  }
  const remote = member(member(raw, 'id'), 'remote');
  const candidates = [
    member(member(payload, 'group'), 'id'),
    member(raw, 'chatId'),
    typeof remote === 'string' ? remote : member(remote, '_serialized'),
    member(payload, 'chatId'),
  ];
  const jid = candidates.map(eventJid).find((found) => found !== null && found.kind === 'group');
  return jid === undefined || jid === null ? [] : [{ kind: 'changed', jid }];
}

function malformed(detail: string): ParsedEvent {
  return { kind: 'malformed', detail };
}
