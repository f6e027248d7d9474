import { parseJid, type Jid } from '../pictures/jid.js';

/**
 * A JID as an engine put it in an event, or null when it is none we can cache by. Engines may add
 * a device (`123:5@s.whatsapp.net`, whatsmeow and Baileys' AD JIDs): the picture is the user's,
 * so the device goes. A LID stays a LID — mapping it to a phone number needs the provider, so its
 * event reaches the entries cached under that LID, and a phone JID's entries end at their TTL. An
 * id that is no JID at all (Baileys falls back to a hash when a notification has no `from`) is
 * skipped.
 */
export function eventJid(value: unknown): Jid | null {
  if (typeof value !== 'string' || value.length > 128) {
    return null;
  }
  try {
    return parseJid(value.replace(/:\d+@/, '@'));
  } catch {
    return null;
  }
}
