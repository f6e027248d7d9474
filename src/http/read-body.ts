import type { IncomingMessage } from 'node:http';
import { readRawBody } from './raw-body.js';

export class BodyTooLargeError extends Error {
  constructor(limit: number) {
    super(`Request body is larger than ${limit} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

export class BodyAbortedError extends Error {
  constructor() {
    super('The request body did not arrive whole');
    this.name = 'BodyAbortedError';
  }
}

/**
 * Reads a request body as UTF-8, refusing early (before buffering it all) when it passes `limit`.
 * The stream is then left paused: the caller answers and closes the connection.
 */
export async function readBody(request: IncomingMessage, limit: number): Promise<string> {
  const body = await readRawBody(request, limit);
  if (!body.ok) {
    throw body.reason === 'too_large' ? new BodyTooLargeError(limit) : new BodyAbortedError();
  }
  return body.bytes.toString('utf8');
}
