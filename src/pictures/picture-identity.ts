import { createHash } from 'node:crypto';
import { stableImageName } from './cdn-url.js';
import type { Jid } from './jid.js';

/**
 * The version of a picture, the same for each of its sizes: the provider's own picture id where it
 * has one (GoWA, the demo), else a hash of the image's file name on the CDN, which stays while the
 * signed query rotates on every fetch.
 */
export function pictureVersion(providerId: string | null, url: string): string {
  return providerId ?? digest(stableImageName(url) ?? url);
}

/**
 * What normalising client caches key a picture by: one JID (in any spelling, through any entity
 * type), one size, one version. Opaque, so clients never parse it, and hashed, so two chats whose
 * provider ids collide still get different ids.
 */
export function pictureId(jid: Jid, preview: boolean, version: string): string {
  return digest(`${jid.canonical}\u0000${preview ? 'preview' : 'full'}\u0000${version}`);
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 22);
}
