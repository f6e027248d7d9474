export type ContentCoding = 'br' | 'gzip' | 'identity';

/**
 * The coding to send for an `accept-encoding` header: the highest-q of brotli and gzip (brotli on a
 * tie: it is smaller), else none. `*` stands for both; q=0 refuses a coding.
 */
export function chooseCoding(acceptEncoding: string | undefined): ContentCoding {
  let best: ContentCoding = 'identity';
  let bestQ = 0;
  const q: Partial<Record<string, number>> = {};
  for (const part of (acceptEncoding ?? '').split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const weight = params.map((param) => /^\s*q=([01](?:\.\d{0,3})?)\s*$/.exec(param)?.[1]).find((value) => value !== undefined);
    q[name.trim()] = weight === undefined ? 1 : Number(weight);
  }
  for (const coding of ['br', 'gzip'] as const) {
    const weight = q[coding] ?? q['*'] ?? 0;
    if (weight > bestQ) {
      best = coding;
      bestQ = weight;
    }
  }
  return best;
}
