// The largest `_entities` request MAX_REPRESENTATIONS allows fits in this, with room to spare.
const DOCUMENT_BYTES = 2 * 1024 * 1024;
// What a mutation carries besides its image: the document, the group id, a `data:` URI prefix.
const ENVELOPE_BYTES = 64 * 1024;

/**
 * The largest request body the subgraph reads: a setGroupPicture with a base64 image of
 * IMAGE_MAX_BYTES, or the largest representations document, whichever is larger — and nothing
 * much beyond, so a client cannot make the process buffer more than a real request needs.
 */
export function maxBodyBytes(imageMaxBytes: number): number {
  return Math.max(DOCUMENT_BYTES, Math.ceil(imageMaxBytes / 3) * 4 + ENVELOPE_BYTES);
}
