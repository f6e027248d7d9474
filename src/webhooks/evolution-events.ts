import { isObject } from '../providers/answers.js';
import { eventJid } from './event-jid.js';
import { member } from './json-fields.js';
import type { ParsedEvent, PictureChange } from './picture-event.js';

/**
 * Evolution API's webhook (`webhook.controller.ts` L92-101): `{event, instance, data, date_time,
 * sender, server_url, apikey}`. Only `contacts.update` tells of pictures: Evolution re-fetches the
 * picture on every Baileys `contacts.update` (picture notifications and push names alike) and on
 * every incoming message, and sends `data` as an array or, per message, a single object, with the
 * URL in `profilePicUrl` (null for removed, hidden and failed alike). So every item carries what a
 * read would answer; whether it changed anything is decided against the cache. `date_time` is the
 * server's local time labelled UTC (`channel.service.ts` L434-455) and is not used.
 */
export function parseEvolutionEvent(body: unknown): ParsedEvent {
  if (!isObject(body)) {
    return malformed('the body is not a JSON object');
  }
  const event = member(body, 'event');
  if (typeof event !== 'string') {
    return malformed('event is not a string');
  }
  const instance = member(body, 'instance');
  if (instance !== undefined && typeof instance !== 'string') {
    return malformed('instance is not a string');
  }
  const envelope = { providerSession: instance ?? null, timestamp: null };
  // `contacts.update` in the body; CONTACTS_UPDATE in Evolution's settings and by-event URLs.
  if (event.toLowerCase().replaceAll('_', '.') !== 'contacts.update') {
    return { kind: 'ignored', ...envelope, what: 'an event of another type' };
  }
  const data = member(body, 'data');
  const items = Array.isArray(data) ? data : [data];
  const changes: PictureChange[] = [];
  for (const item of items) {
    if (!isObject(item)) {
      return malformed('a contacts.update item is not an object');
    }
    const jid = eventJid(member(item, 'remoteJid'));
    if (jid === null || !Object.hasOwn(item, 'profilePicUrl')) {
      continue;
    }
    const url = member(item, 'profilePicUrl');
    if (url !== null && typeof url !== 'string') {
      return malformed('profilePicUrl is neither a string nor null');
    }
    changes.push(
      typeof url === 'string' && /^https:\/\//i.test(url)
        ? { kind: 'picture', jid, picture: { status: 'AVAILABLE', url, id: null, preview: false } }
        : { kind: 'maybe-removed', jid },
    );
  }
  if (changes.length === 0) {
    return { kind: 'ignored', ...envelope, what: 'a contacts.update without a picture' };
  }
  return { kind: 'pictures', eventId: null, ...envelope, changes };
}

function malformed(detail: string): ParsedEvent {
  return { kind: 'malformed', detail };
}
