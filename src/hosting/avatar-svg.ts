import { createHash } from 'node:crypto';
import { SIZE_PIXELS, type HostedSize } from './picture-paths.js';

// Saturated colours that keep white text readable; the seed (from the JID) picks one, so a chat
// keeps its colour everywhere.
const PALETTE = [
  '#1E88E5',
  '#00897B',
  '#43A047',
  '#7CB342',
  '#F4511E',
  '#E53935',
  '#D81B60',
  '#8E24AA',
  '#5E35B1',
  '#3949AB',
  '#039BE5',
  '#00ACC1',
  '#6D4C41',
  '#546E7A',
  '#C0CA33',
];

function seedBytes(seed: string): Buffer {
  // The seed is already an HMAC; hashing it again only stretches it to enough bits.
  return createHash('sha256').update(seed).digest();
}

function colourOf(bytes: Buffer): string {
  return PALETTE[(bytes[0] as number) % PALETTE.length] as string;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

function svg(size: HostedSize, body: string): string {
  const pixels = SIZE_PIXELS[size];
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${pixels}" height="${pixels}" viewBox="0 0 100 100">${body}</svg>`;
}

/**
 * The contact's initials on its colour. SVG, so the reader's own fonts draw any script (Arabic,
 * CJK) without fonts on this server; `initials` holds letters only (see normaliseInitials) and is
 * escaped all the same.
 */
export function initialsSvg(seed: string, size: HostedSize, initials: string): string {
  const background = colourOf(seedBytes(seed));
  return svg(
    size,
    `<rect width="100" height="100" fill="${background}"/>` +
      `<text x="50" y="50" dy=".35em" text-anchor="middle" fill="#fff" font-family="system-ui,-apple-system,'Segoe UI',Roboto,sans-serif" font-size="42" font-weight="600">${escapeXml(initials)}</text>`,
  );
}

/**
 * A neutral identicon when there are no initials: a 5×5 mirrored pattern from the seed's bits, in
 * the seed's colour on a light ground. Needs no font and tells chats apart at a glance.
 */
export function identiconSvg(seed: string, size: HostedSize): string {
  const bytes = seedBytes(seed);
  const colour = colourOf(bytes);
  const cells: string[] = [];
  for (let row = 0; row < 5; row += 1) {
    for (let column = 0; column < 3; column += 1) {
      const bit = row * 3 + column;
      if ((((bytes[1 + (bit >> 3)] as number) >> (bit & 7)) & 1) === 0) {
        continue;
      }
      for (const x of new Set([column, 4 - column])) {
        cells.push(`<rect x="${10 + x * 16}" y="${10 + row * 16}" width="16" height="16"/>`);
      }
    }
  }
  return svg(size, `<rect width="100" height="100" fill="#F0F2F5"/><g fill="${colour}">${cells.join('')}</g>`);
}
