import type { HostedFormat } from './picture-paths.js';

/**
 * WebP when the client's Accept names it (every current browser's image requests do), JPEG
 * otherwise: `*\/*` alone is no promise that WebP decodes (old Safari sends it and cannot), so,
 * like image CDNs, only an explicit `image/webp` with a non-zero quality gets WebP.
 */
export function negotiateFormat(accept: string | undefined): HostedFormat {
  if (accept === undefined) {
    return 'jpeg';
  }
  for (const part of accept.split(',')) {
    const [type = '', ...parameters] = part.split(';').map((piece) => piece.trim().toLowerCase());
    if (type !== 'image/webp') {
      continue;
    }
    const quality = parameters.find((parameter) => parameter.startsWith('q='));
    return quality === undefined || Number(quality.slice(2)) > 0 ? 'webp' : 'jpeg';
  }
  return 'jpeg';
}
