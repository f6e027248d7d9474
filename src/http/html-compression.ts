import { gzipSync } from 'node:zlib';

let last: { html: string; gzipped: Buffer } | undefined;

/**
 * The playground page is about 9 MB of inlined assets and a quarter of that gzipped; it is the
 * same string every time, so it is compressed once, not per request.
 */
export function gzippedHtml(html: string): Buffer {
  if (last?.html !== html) {
    last = { html, gzipped: gzipSync(html) };
  }
  return last.gzipped;
}

export function acceptsGzip(acceptEncoding: string | undefined): boolean {
  return (acceptEncoding ?? '').split(',').some((part) => {
    const [coding = '', ...params] = part.trim().toLowerCase().split(';');
    return coding.trim() === 'gzip' && !params.some((param) => /^\s*q=0(\.0*)?\s*$/.test(param));
  });
}
