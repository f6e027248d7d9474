import { describe, expect, it } from 'vitest';
import { type CachedPicture, decodePicture, encodePicture } from '../../src/pictures/picture-codec.js';

describe('picture codec', () => {
  it('round-trips every field', () => {
    const entries: CachedPicture[] = [
      {
        picture: {
          status: 'AVAILABLE',
          url: 'https://pps.whatsapp.net/v/a.jpg?oe=630F8F9D',
          id: 'Zm9vYmFyYmF6cXV4cXV1eA',
          version: '1635239861',
          preview: true,
          expiresAt: new Date(0x630f8f9d * 1000),
          fetchedAt: new Date('2026-11-22T10:00:00.123Z'),
        },
        freshUntil: Date.parse('2026-11-22T11:00:00Z'),
      },
      {
        picture: {
          status: 'HIDDEN',
          url: null,
          id: null,
          version: null,
          preview: false,
          expiresAt: null,
          fetchedAt: new Date('2026-11-22T10:00:00Z'),
        },
        freshUntil: Date.parse('2026-11-22T10:15:00Z'),
      },
    ];
    for (const entry of entries) {
      expect(decodePicture(encodePicture(entry))).toEqual(entry);
    }
  });

  it.each([
    '',
    'not json',
    '{}',
    '[9,null,null,null,0,null,1,2]',
    '[0,null,null,null,2,null,1,2]',
    '[0,1,null,null,0,null,1,2]',
    '[0,null,null,7,0,null,1,2]',
    '[0,null,null,null,0,null,1]',
    '[0,null,null,null,0,null,1,"2"]',
    // The v1 layout, without a version, reads as a miss rather than as a wrong picture.
    '[0,"https://pps.whatsapp.net/a.jpg",null,0,null,1,2]',
  ])('reads %j as a miss', (value) => {
    expect(decodePicture(value)).toBeUndefined();
  });
});
