import type { Jid } from '../pictures/jid.js';
import type { ProviderPicture } from '../providers/provider.js';

/**
 * What one event says about one JID's picture:
 * - `changed`: it changed and the event does not carry the new one (WAHA's `imgUrl: "changed"`,
 *   whatsmeow's `events.Picture` with a picture id, a WEBJS group `picture` notification);
 * - `picture`: the event carries what a read would have answered (Evolution's re-fetched URL; a
 *   removal, which reads would answer as NONE on these providers);
 * - `maybe-removed`: Evolution's `profilePicUrl: null`, which means removed, hidden or a failed
 *   fetch alike: it counts only against a picture we still show.
 */
export type PictureChange =
  | { readonly kind: 'changed'; readonly jid: Jid }
  | { readonly kind: 'picture'; readonly jid: Jid; readonly picture: ProviderPicture }
  | { readonly kind: 'maybe-removed'; readonly jid: Jid };

/** What a provider's delivery is, once parsed and normalised, whichever provider sent it. */
export type ParsedEvent =
  | {
      readonly kind: 'pictures';
      /** The provider's event id (WAHA `evt_…`), when it has one; else the body's hash identifies it. */
      readonly eventId: string | null;
      /** When the provider says it happened (ms), if its body says so. */
      readonly timestamp: number | null;
      /** The provider's own session or instance the event is for, when the envelope names it. */
      readonly providerSession: string | null;
      readonly changes: readonly PictureChange[];
    }
  | { readonly kind: 'ignored'; readonly providerSession: string | null; readonly timestamp: number | null; readonly what: string }
  | { readonly kind: 'malformed'; readonly detail: string };
