export type Parsed = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly reason: string };

const OPEN_OBJECT = 0x7b; // {
const OPEN_ARRAY = 0x5b; // [
const CLOSE_OBJECT = 0x7d; // }
const CLOSE_ARRAY = 0x5d; // ]
const QUOTE = 0x22; // "
const BACKSLASH = 0x5c; // \

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Parses a JSON body no deeper than `maxDepth`. The depth is measured first by one iterative pass
 * over the text (brackets outside strings), so a hostile 10,000-level document is refused in
 * linear time before anything parses or walks it recursively. Invalid UTF-8 is refused too: a
 * provider's body is JSON text, and replacement characters would change what a signature covered.
 */
export function parseBoundedJson(bytes: Buffer, maxDepth: number): Parsed {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { ok: false, reason: 'not UTF-8' };
  }
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === BACKSLASH) {
        index += 1;
      } else if (code === QUOTE) {
        inString = false;
      }
    } else if (code === QUOTE) {
      inString = true;
    } else if (code === OPEN_OBJECT || code === OPEN_ARRAY) {
      depth += 1;
      if (depth > maxDepth) {
        return { ok: false, reason: `nested deeper than ${maxDepth} levels` };
      }
    } else if (code === CLOSE_OBJECT || code === CLOSE_ARRAY) {
      depth -= 1;
    }
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
}
