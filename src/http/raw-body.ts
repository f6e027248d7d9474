import type { IncomingMessage } from 'node:http';

export type RawBody = { readonly ok: true; readonly bytes: Buffer } | { readonly ok: false; readonly reason: 'too_large' | 'aborted' };

/**
 * The request body as the bytes that arrived (signatures are over them, not over a re-encoding),
 * refused without reading when its declared length passes `limit`, and as soon as the bytes read
 * pass it otherwise. On refusal the stream is left paused: the caller answers and closes the
 * connection, so nothing more is buffered.
 */
export function readRawBody(request: IncomingMessage, limit: number): Promise<RawBody> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > limit) {
    return Promise.resolve({ ok: false, reason: 'too_large' });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (outcome: RawBody) => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onFailure);
      request.off('close', onFailure);
      resolve(outcome);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        request.pause();
        finish({ ok: false, reason: 'too_large' });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => finish({ ok: true, bytes: Buffer.concat(chunks, size) });
    const onFailure = () => finish({ ok: false, reason: 'aborted' });
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onFailure);
    request.on('close', onFailure);
  });
}
