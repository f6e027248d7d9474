import { describe, expect, it } from 'vitest';
import type { Picture } from '../../src/pictures/picture.js';
import { cacheTtlMs } from '../../src/pictures/ttl-policy.js';

const HOUR = 3_600_000;
const settings = { maxTtlMs: 24 * HOUR, negativeTtlMs: HOUR / 4, expiryMarginMs: 5 * 60_000 };
const now = Date.UTC(2026, 10, 22, 12);

function available(expiresAt: Date | null): Picture {
  return { status: 'AVAILABLE', url: 'https://pps.whatsapp.net/a.jpg', id: 'x', preview: false, expiresAt, fetchedAt: new Date(now) };
}

describe('cacheTtlMs', () => {
  it('keeps a picture whose URL expires in an hour until the margin before that', () => {
    expect(cacheTtlMs(available(new Date(now + HOUR)), now, settings)).toBe(HOUR - 5 * 60_000);
  });

  it('never keeps a picture longer than the configured maximum', () => {
    expect(cacheTtlMs(available(new Date(now + 30 * 24 * HOUR)), now, settings)).toBe(24 * HOUR);
    expect(cacheTtlMs(available(null), now, settings)).toBe(24 * HOUR);
  });

  it('does not cache a URL that expires within the margin or has expired', () => {
    expect(cacheTtlMs(available(new Date(now + 60_000)), now, settings)).toBe(0);
    expect(cacheTtlMs(available(new Date(now - HOUR)), now, settings)).toBe(0);
  });

  it.each(['NOT_SET', 'HIDDEN', 'NONE'] as const)('keeps %s only for the shorter negative TTL', (status) => {
    const picture: Picture = { status, url: null, id: null, preview: false, expiresAt: null, fetchedAt: new Date(now) };
    expect(cacheTtlMs(picture, now, settings)).toBe(HOUR / 4);
  });
});
