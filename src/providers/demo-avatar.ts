import { createHash } from 'node:crypto';
import type { Jid } from '../pictures/jid.js';

// Pleasant, readable colours; the JID picks one, so the same chat always looks the same.
const PALETTE = ['#25D366', '#128C7E', '#34B7F1', '#7E57C2', '#EF6C00', '#D81B60', '#00897B', '#5C6BC0', '#F4511E', '#6D4C41'];

const GROUP_GLYPH =
  '<circle cx="42" cy="44" r="9"/><circle cx="60" cy="40" r="11"/><circle cx="78" cy="44" r="9"/><path d="M26 78c0-11 7-18 16-18s16 7 16 18zM42 80c0-14 8-22 18-22s18 8 18 22zM62 78c0-11 7-18 16-18s16 7 16 18z"/>';
const PERSON_GLYPH = '<circle cx="60" cy="44" r="16"/><path d="M30 86c0-17 13-28 30-28s30 11 30 28z"/>';

/**
 * A square avatar as SVG: a coloured background, a person or group silhouette and the id's last
 * digits. Nothing from the request is written into it but digits, so it cannot carry markup.
 */
export function renderDemoAvatar(jid: Jid, size: 'full' | 'preview'): string {
  const digest = createHash('sha256').update(jid.canonical).digest();
  const background = PALETTE[(digest[0] as number) % PALETTE.length] as string;
  const pixels = size === 'preview' ? 96 : 640;
  const digits = jid.user.replace(/\D/g, '').slice(-2);
  const glyph = jid.kind === 'group' ? GROUP_GLYPH : PERSON_GLYPH;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${pixels}" height="${pixels}" viewBox="0 0 120 120">`,
    `<rect width="120" height="120" fill="${background}"/>`,
    `<g fill="#ffffff" fill-opacity="0.9">${glyph}</g>`,
    `<text x="60" y="108" font-family="sans-serif" font-size="14" font-weight="bold" fill="#ffffff" text-anchor="middle">${digits}</text>`,
    '</svg>',
  ].join('');
}
