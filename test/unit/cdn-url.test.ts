import { describe, expect, it } from 'vitest';
import { stableImageName, urlExpiry } from '../../src/pictures/cdn-url.js';

describe('urlExpiry', () => {
  it('reads oe as hexadecimal Unix seconds (dated examples from public bug reports)', () => {
    // wppconnect#1315: oe=630F8F9D is 2022-08-31 16:43 UTC; wppconnect#852: oe=61FA1D1B is 2022-02-02 05:56 UTC.
    expect(urlExpiry('https://pps.whatsapp.net/v/t61.24694-24/1_n.jpg?ccb=11-4&oh=01_x&oe=630F8F9D&_nc_cat=111')?.toISOString()).toBe(
      '2022-08-31T16:43:09.000Z',
    );
    expect(urlExpiry('https://pps.whatsapp.net/v/t61.24694-24/2_n.jpg?oe=61FA1D1B')?.toISOString()).toBe('2022-02-02T05:56:43.000Z');
  });

  it('accepts lower-case hex', () => {
    expect(urlExpiry('https://pps.whatsapp.net/a.jpg?oe=630f8f9d')?.getTime()).toBe(0x630f8f9d * 1000);
  });

  it.each([
    ['no oe', 'https://pps.whatsapp.net/a.jpg?oh=1'],
    ['a non-hex oe', 'https://pps.whatsapp.net/a.jpg?oe=zz12'],
    ['an empty oe', 'https://pps.whatsapp.net/a.jpg?oe='],
    ['an absurdly long oe', 'https://pps.whatsapp.net/a.jpg?oe=1234567890abcdef'],
    ['not a URL', 'pps.whatsapp.net/a.jpg?oe=630F8F9D'],
  ])('is null for %s', (_, url) => {
    expect(urlExpiry(url)).toBeNull();
  });
});

describe('stableImageName', () => {
  it('is the same for two signed URLs and for two sizes of one picture, and differs between pictures', () => {
    const first = stableImageName('https://pps.whatsapp.net/v/t61.24694-24/123_n.jpg?oh=aaa&oe=630F8F9D');
    const resigned = stableImageName('https://pps.whatsapp.net/v/t61.24694-24/123_n.jpg?oh=bbb&oe=640F8F9D');
    const preview = stableImageName('https://pps.whatsapp.net/v/t61.24694-24/s96x96/123_n.jpg?stp=dst-jpg_s96x96&oh=ccc&oe=640F8F9D');
    const other = stableImageName('https://pps.whatsapp.net/v/t61.24694-24/456_n.jpg?oh=aaa&oe=630F8F9D');
    expect(first).toBe('123_n.jpg');
    expect(resigned).toBe(first);
    expect(preview).toBe(first);
    expect(other).not.toBe(first);
  });

  it('is null for a string that is not a URL, or a URL without a path', () => {
    expect(stableImageName('not a url')).toBeNull();
    expect(stableImageName('https://pps.whatsapp.net/')).toBeNull();
  });
});
