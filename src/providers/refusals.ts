import { Refusal } from '../errors.js';

/**
 * The refusals every adapter raises for a write, with our own messages: never the provider's body,
 * which may echo the request (WAHA's error filter does) or name internals.
 */

/**
 * WhatsApp's permission is "may edit the group's info", not strictly "is an admin": when the
 * group's restrict (locked) setting is off, any member may change the icon (Baileys
 * `groupSettingChange`, adiwajshing/Baileys#368). The code keeps the contract's name.
 */
export function notGroupAdmin(): Refusal {
  return new Refusal(
    'NOT_GROUP_ADMIN',
    "This account may not change the group's info: WhatsApp requires an admin when the group is locked",
  );
}

export function groupNotFound(): Refusal {
  return new Refusal('GROUP_NOT_FOUND', 'WhatsApp does not know this group, or this account is not a member of it', {
    field: ['groupId'],
  });
}

export function rateLimited(retryAt: Date | null): Refusal {
  return new Refusal('RATE_LIMITED', "WhatsApp is refusing changes to this group's picture for now; try again later", { retryAt });
}

export function invalidImage(): Refusal {
  return new Refusal('INVALID_IMAGE', 'WhatsApp did not accept the image as a group picture', { field: ['image'] });
}

/** `what` completes "<provider> cannot …", for example "set group pictures from bytes". */
export function notSupported(provider: string, what: string): Refusal {
  return new Refusal('NOT_SUPPORTED_BY_PROVIDER', `${provider} cannot ${what}`);
}
