import { MemoryCache } from '../src/cache/memory-cache.js';
import { valueCache } from '../src/cache/value-cache.js';
import { Instant } from '../src/pictures/instant.js';
import { pictureCacheKey } from '../src/pictures/cache-key.js';
import { parseJid } from '../src/pictures/jid.js';
import { pictureCodec, type CachedPicture } from '../src/pictures/picture-codec.js';
import { pictureId, pictureVersion } from '../src/pictures/picture-identity.js';
import type { Session } from '../src/session.js';
import { FakeProvider } from '../test/support/fake-provider.js';

/**
 * What the in-process cache really costs per picture, against its own estimate: fills a cache with
 * COUNT pictures shaped like WhatsApp's (a signed pps.whatsapp.net URL, hashed id and version, two
 * instants already served once), and measures the heap after forced collections. Run with
 * `node --expose-gc --import tsx bench/cache-footprint.ts`; prints one JSON line.
 */
const COUNT = Number(process.env.FOOTPRINT_COUNT ?? 20_000);
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) {
  throw new Error('run with --expose-gc');
}

function heapUsed(): number {
  for (let round = 0; round < 3; round += 1) {
    gc?.();
  }
  return process.memoryUsage().heapUsed;
}

const session: Session = { name: 'default', identity: 'waha|http://127.0.0.1:3000|default', provider: new FakeProvider() };
const now = Date.now();

function picture(index: number): CachedPicture {
  const jid = parseJid(`49170${String(index).padStart(7, '0')}@c.us`);
  const oe = Math.floor(now / 1000 + 6 * 3600).toString(16);
  const url = `https://pps.whatsapp.net/v/t61.24694-24/full/${String(index).padStart(10, '0')}1_n.jpg?ccb=11-4&oh=01_Q5Aa${index.toString(36)}&oe=${oe}&_nc_sid=e6ed6c&_nc_cat=111`;
  const version = pictureVersion(null, url);
  const expiresAt = new Instant(Number.parseInt(oe, 16) * 1000);
  const fetchedAt = new Instant(now);
  // Served once: each instant now keeps its ISO string, as a cached picture does after its first answer.
  expiresAt.toISOString();
  fetchedAt.toISOString();
  return {
    picture: { status: 'AVAILABLE', url, id: pictureId(jid, false, version), version, preview: false, expiresAt, fetchedAt },
    freshUntil: now + 3_600_000,
  };
}

async function measure(fill: (cache: MemoryCache) => Promise<void>): Promise<{ heapBytes: number; estimateBytes: number }> {
  const cache = new MemoryCache({ maxEntries: COUNT * 2, maxBytes: 2 ** 40 });
  const before = heapUsed();
  await fill(cache);
  const after = heapUsed();
  const result = { heapBytes: (after - before) / COUNT, estimateBytes: cache.bytes / COUNT };
  // Keeps the cache alive until after the second measurement.
  if (cache.size !== COUNT) {
    throw new Error(`expected ${COUNT} entries, found ${cache.size}`);
  }
  return result;
}

// Keys made as the service makes them, inside the measurement: what the cache holds is what it costs.
const key = (index: number) => pictureCacheKey(session, parseJid(`49170${String(index).padStart(7, '0')}@c.us`), 'full');
// The memo of parsed JIDs (and the keys each keeps) filled to its bound first, with other JIDs: it
// then stays at its size (one out for each one in), and only the cache's own growth is measured.
for (let index = 0; index < 20_000; index += 1) {
  pictureCacheKey(session, parseJid(`49180${String(index).padStart(7, '0')}@c.us`), 'full');
}

const decoded = await measure(async (cache) => {
  const lane = valueCache(cache, pictureCodec);
  for (let index = 0; index < COUNT; index += 1) {
    await lane.setMany([{ key: key(index), value: picture(index), ttlMs: 3_600_000 }]);
  }
});
// The same pictures as the JSON strings a shared cache keeps, for comparison.
const encoded = await measure(async (cache) => {
  for (let index = 0; index < COUNT; index += 1) {
    await cache.setMany([{ key: key(index), value: pictureCodec.encode(picture(index)), ttlMs: 3_600_000 }]);
  }
});

process.stdout.write(`${JSON.stringify({ count: COUNT, decoded, encoded })}\n`);
