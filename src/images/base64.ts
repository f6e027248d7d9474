import { Refusal } from '../errors.js';

// data:image/<anything>[;param=value…];base64, — the declared subtype is ignored: the type comes from the bytes.
const DATA_URI_HEADER = /^data:image\/[a-z0-9.+-]+(?:;[^;,]*)*;base64,/i;
// Standard and URL-safe alphabets, padding only at the end.
const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

function invalid(message: string): Refusal {
  return new Refusal('INVALID_IMAGE', message);
}

/**
 * Decodes raw base64 or a `data:image/…;base64,` URI, whitespace and line breaks ignored. The
 * decoded size is computed from the length and refused before anything is decoded.
 */
export function decodeImageBase64(value: string, maxBytes: number): Buffer {
  let payload = value.replace(/\s+/g, '');
  if (/^data:/i.test(payload)) {
    const header = DATA_URI_HEADER.exec(payload);
    if (header === null) {
      throw invalid('A data: URI must look like data:image/png;base64,… ; or send the base64 alone');
    }
    payload = payload.slice(header[0].length);
  }
  const padding = payload.endsWith('==') ? 2 : payload.endsWith('=') ? 1 : 0;
  const decodedBytes = Math.floor(((payload.length - padding) * 3) / 4);
  if (decodedBytes > maxBytes) {
    throw new Refusal('IMAGE_TOO_LARGE', `The image is larger than ${maxBytes} bytes; send a smaller one`);
  }
  if (payload.length === 0) {
    throw invalid('The image is empty');
  }
  // A length of 4n+1 cannot be base64; padding implies whole 4-character groups.
  const impossibleLength = payload.length % 4 === 1 || (padding > 0 && payload.length % 4 !== 0);
  if (impossibleLength || !BASE64.test(payload)) {
    throw invalid('The image is not valid base64');
  }
  return Buffer.from(payload, 'base64');
}
