import { describe, expect, it } from 'vitest';
import type { Picture } from '../../src/pictures/picture.js';
import { cacheLifetime, freshUntilOf, nearEnd } from '../../src/pictures/ttl-policy.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const settings = { maxTtlMs: 24 * HOUR, negativeTtlMs: HOUR / 4, expiryMarginMs: 5 * MINUTE, staleMs: HOUR };
const now = Date.UTC(2026, 10, 22, 12);

function available(expiresAt: Date | null): Picture {
  return {
    status: 'AVAILABLE',
    url: 'https://pps.whatsapp.net/a.jpg',
    id: 'x',
    version: 'v',
    preview: false,
    expiresAt,
    fetchedAt: new Date(now),
  };
}

describe('cacheLifetime', () => {
  it('keeps a picture whose URL expires in an hour fresh until the margin, and stale until a minute before expiry', () => {
    expect(cacheLifetime(available(new Date(now + HOUR)), now, settings)).toEqual({
      freshUntil: now + HOUR - 5 * MINUTE,
      keepUntil: now + HOUR - MINUTE,
    });
  });

  it('never keeps a picture fresh longer than the configured maximum, and stale for the stale window after it', () => {
    expect(cacheLifetime(available(new Date(now + 30 * 24 * HOUR)), now, settings)).toEqual({
      freshUntil: now + 24 * HOUR,
      keepUntil: now + 25 * HOUR,
    });
    expect(cacheLifetime(available(null), now, settings)).toEqual({ freshUntil: now + 24 * HOUR, keepUntil: now + 25 * HOUR });
  });

  it('keeps a URL that expires within the margin only as a stale answer, and an expired one not at all', () => {
    expect(cacheLifetime(available(new Date(now + 3 * MINUTE)), now, settings)).toEqual({
      freshUntil: now,
      keepUntil: now + 2 * MINUTE,
    });
    expect(cacheLifetime(available(new Date(now + 30_000)), now, settings)).toBeUndefined();
    expect(cacheLifetime(available(new Date(now - HOUR)), now, settings)).toBeUndefined();
  });

  it('keeps nothing stale when the stale window is zero', () => {
    expect(cacheLifetime(available(new Date(now + 3 * MINUTE)), now, { ...settings, staleMs: 0 })).toBeUndefined();
  });

  it.each(['NOT_SET', 'HIDDEN', 'NONE'] as const)('keeps %s fresh only for the shorter negative TTL', (status) => {
    const picture: Picture = { status, url: null, id: null, version: null, preview: false, expiresAt: null, fetchedAt: new Date(now) };
    expect(cacheLifetime(picture, now, settings)).toEqual({ freshUntil: now + HOUR / 4, keepUntil: now + HOUR / 4 + HOUR });
  });
});

describe('nearEnd', () => {
  it('is true only in the last tenth of the fresh life', () => {
    const fetchedAt = now;
    const freshUntil = now + 10 * HOUR;
    expect(nearEnd(fetchedAt, freshUntil, now + 8 * HOUR)).toBe(false);
    expect(nearEnd(fetchedAt, freshUntil, now + 9 * HOUR - 1)).toBe(false);
    expect(nearEnd(fetchedAt, freshUntil, now + 9 * HOUR)).toBe(true);
  });
});

describe('freshUntilOf', () => {
  it("says what cacheLifetime's freshUntil says, and `now` for a picture it would not keep at all", () => {
    const pictures: Picture[] = [
      available(new Date(now + HOUR)),
      available(new Date(now + 30 * 24 * HOUR)),
      available(null),
      available(new Date(now + 3 * MINUTE)),
      available(new Date(now - MINUTE)),
      { ...available(null), status: 'NOT_SET', url: null },
    ];
    for (const picture of pictures) {
      expect(freshUntilOf(picture, now, settings)).toBe(cacheLifetime(picture, now, settings)?.freshUntil ?? now);
    }
    expect(cacheLifetime(available(new Date(now - MINUTE)), now, settings)).toBeUndefined();
  });
});
