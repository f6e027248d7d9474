import { describe, expect, it } from 'vitest';
import { chooseCoding } from '../../src/http/accept-encoding.js';

describe('chooseCoding', () => {
  it('prefers brotli, then gzip, by q value, and sends none when neither is accepted', () => {
    expect(chooseCoding('gzip, deflate, br, zstd')).toBe('br');
    expect(chooseCoding('gzip')).toBe('gzip');
    expect(chooseCoding('br;q=0.5, gzip;q=0.8')).toBe('gzip');
    expect(chooseCoding('br;q=0, gzip')).toBe('gzip');
    expect(chooseCoding('*')).toBe('br');
    expect(chooseCoding('*;q=0, identity')).toBe('identity');
    expect(chooseCoding('identity')).toBe('identity');
    expect(chooseCoding(undefined)).toBe('identity');
    expect(chooseCoding('GZIP; Q=1.0')).toBe('gzip');
  });
});
