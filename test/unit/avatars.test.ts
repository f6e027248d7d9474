import { describe, expect, it } from 'vitest';
import { negotiateFormat } from '../../src/hosting/accept.js';
import { matchesEtag } from '../../src/http/etag.js';
import { identiconSvg, initialsSvg } from '../../src/hosting/avatar-svg.js';
import { normaliseInitials } from '../../src/hosting/initials.js';
import { parsePicturePath } from '../../src/hosting/picture-paths.js';

describe('initials', () => {
  it.each([
    ['MS', 'MS'],
    ['Maria Silva', 'MS'],
    ['maria da silva', 'MS'],
    ['Maria', 'MA'],
    ['<script>alert(1)</script>', 'SC'],
    ['😀 Party', 'PA'],
    ['محمد علي', 'مع'],
    ['张伟', '张伟'],
    ['Ångström Éclair', 'ÅÉ'],
    ['+55 11 99999-9999', ''],
    ['   ', ''],
    ['', ''],
  ])('%j → %j', (given, expected) => {
    expect(normaliseInitials(given)).toBe(expected);
  });
});

describe('avatar SVGs', () => {
  it('draw the initials on the seed’s colour, escaped, with nothing active in them', () => {
    const svg = initialsSvg('AAAAAAAAAAAAAAAA', 'full', 'A&B');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="640" height="640"/);
    expect(svg).toContain('>A&#38;B</text>');
    expect(svg).not.toMatch(/<script|on\w+=|href|<image|<foreignObject/i);
    expect(initialsSvg('BBBBBBBBBBBBBBBB', 'small', 'MS')).toMatch(/width="96" height="96"/);
  });

  it('make identicons that are deterministic, mirrored and different per seed', () => {
    const one = identiconSvg('AAAAAAAAAAAAAAAA', 'full');
    expect(identiconSvg('AAAAAAAAAAAAAAAA', 'full')).toBe(one);
    expect(identiconSvg('CCCCCCCCCCCCCCCC', 'full')).not.toBe(one);
    expect(one).not.toMatch(/<text|<script/);
  });
});

describe('picture paths', () => {
  it('read back only the shapes handed out', () => {
    expect(parsePicturePath(`/pictures/${'a'.repeat(22)}/${'b'.repeat(22)}/small`)).toEqual({
      kind: 'hosted',
      sessionKey: 'a'.repeat(22),
      pictureKey: 'b'.repeat(22),
      size: 'small',
    });
    expect(parsePicturePath('/pictures/initials/AAAAAAAAAAAAAAAA/full/%D9%85%D8%B9.svg')).toMatchObject({
      kind: 'initials',
      initials: 'مع',
    });
    expect(parsePicturePath('/pictures/identicons/AAAAAAAAAAAAAAAA/small.svg')).toMatchObject({ kind: 'identicon', size: 'small' });
    for (const path of [
      '/pictures/../x',
      `/pictures/${'a'.repeat(21)}/${'b'.repeat(22)}/full`,
      '/pictures/initials/AAAAAAAAAAAAAAAA/full/%E0%A4%A.svg',
    ]) {
      expect(parsePicturePath(path)).toBeNull();
    }
  });
});

describe('content negotiation', () => {
  it.each([
    ['image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8', 'webp'],
    ['image/webp', 'webp'],
    ['image/webp;q=0', 'jpeg'],
    ['*/*', 'jpeg'],
    ['image/png,image/svg+xml,image/*;q=0.8,video/*;q=0.8,*/*;q=0.5', 'jpeg'],
    [undefined, 'jpeg'],
  ] as const)('Accept %j gets %s', (accept, format) => {
    expect(negotiateFormat(accept)).toBe(format);
  });

  it('compares ETags as If-None-Match asks', () => {
    expect(matchesEtag('"abc"', '"abc"')).toBe(true);
    expect(matchesEtag('W/"abc", "def"', '"abc"')).toBe(true);
    expect(matchesEtag('*', '"abc"')).toBe(true);
    expect(matchesEtag('"abd"', '"abc"')).toBe(false);
    expect(matchesEtag(undefined, '"abc"')).toBe(false);
  });
});
