import { afterEach, describe, expect, it, vi } from 'vitest';
import { DateTime } from '../../src/resolvers/date-time.js';
import { Instant } from '../../src/pictures/instant.js';

describe('Instant', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('is a Date that serialises exactly as one, through DateTime and JSON', () => {
    const ms = Date.UTC(2026, 10, 22, 9, 30, 0, 123);
    const instant = new Instant(ms);
    expect(instant).toBeInstanceOf(Date);
    expect(instant.getTime()).toBe(ms);
    expect(DateTime.serialize(instant)).toBe('2026-11-22T09:30:00.123Z');
    expect(JSON.stringify({ at: instant })).toBe(JSON.stringify({ at: new Date(ms) }));
  });

  it('formats itself once, however often it is served', () => {
    const format = vi.spyOn(Date.prototype, 'toISOString');
    const instant = new Instant(Date.UTC(2030, 0, 1));
    for (let served = 0; served < 5; served += 1) {
      expect(DateTime.serialize(instant)).toBe('2030-01-01T00:00:00.000Z');
    }
    expect(format).toHaveBeenCalledTimes(1);
  });
});
