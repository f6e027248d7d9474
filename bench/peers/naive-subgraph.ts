import { request } from 'undici';
import { servePeer } from './peer-schema.js';

// P1, what users write by hand: every representation calls the provider (WAHA here) itself, with
// no cache, no de-duplication and no bound on the calls in flight.
const baseUrl = process.env.WA_BASE_URL ?? '';
const apiKey = process.env.WA_API_KEY ?? '';

await servePeer(async (reference) => {
  const response = await request(`${baseUrl}/api/default/chats/${encodeURIComponent(reference.id)}/picture`, {
    headers: { 'x-api-key': apiKey },
  });
  const body = (await response.body.json()) as { url?: string | null };
  const url = body.url ?? null;
  return { status: url === null ? 'NONE' : 'AVAILABLE', url, id: null, preview: false, expiresAt: null, fetchedAt: new Date() };
});
