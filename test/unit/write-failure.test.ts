import { describe, expect, it } from 'vitest';
import { AppError, Refusal } from '../../src/errors.js';
import { retryAfter, writeFailure } from '../../src/providers/answers.js';
import type { ProviderResponse } from '../../src/providers/http.js';

function answer(status: number, body: unknown, headers: ProviderResponse['headers'] = {}): ProviderResponse {
  return { status, body, headers, receivedAt: Date.now() };
}

function code(response: ProviderResponse): string {
  const failure = writeFailure('Provider', response);
  return failure instanceof Refusal ? failure.code : `AppError ${failure.code}`;
}

describe('writeFailure', () => {
  it.each([
    // GoWA: whatsmeow's IQError text in the Recovery middleware's 500.
    [{ code: 'INTERNAL_SERVER_ERROR', message: 'info query returned status 403: forbidden' }, 'NOT_GROUP_ADMIN'],
    [{ code: 'INTERNAL_SERVER_ERROR', message: 'info query returned status 401: not-authorized' }, 'NOT_GROUP_ADMIN'],
    [{ code: 'INTERNAL_SERVER_ERROR', message: 'info query returned status 404: item-not-found' }, 'GROUP_NOT_FOUND'],
    [{ code: 'INTERNAL_SERVER_ERROR', message: 'info query returned status 429: rate-overlimit' }, 'RATE_LIMITED'],
    [{ code: 'INTERNAL_SERVER_ERROR', message: 'the given data is not a valid image' }, 'INVALID_IMAGE'],
    // Evolution: Baileys' Boom in the service's message array.
    [
      { status: 500, error: 'Internal Server Error', response: { message: ['Error update group picture', 'Error: not-authorized'] } },
      'NOT_GROUP_ADMIN',
    ],
    [
      { status: 500, error: 'Internal Server Error', response: { message: ['Error update group picture', 'Error: item-not-found'] } },
      'GROUP_NOT_FOUND',
    ],
    [
      { status: 500, error: 'Internal Server Error', response: { message: ['Error update group picture', 'Error: not-acceptable'] } },
      'INVALID_IMAGE',
    ],
    [
      {
        status: 500,
        error: 'Internal Server Error',
        response: { message: ['Error update group picture', 'Error: Input buffer contains unsupported image format'] },
      },
      'INVALID_IMAGE',
    ],
    // WAHA Plus (uncertain): AllExceptionsFilter's `exception.message`.
    [{ statusCode: 500, exception: { message: 'forbidden', name: 'Error' } }, 'NOT_GROUP_ADMIN'],
    ['rate-overlimit', 'RATE_LIMITED'],
    // Anything else is the provider failing, not a refusal.
    [
      { status: 500, error: 'Internal Server Error', response: { message: ['Error update group picture', '[object Object]'] } },
      'AppError UPSTREAM_UNAVAILABLE',
    ],
  ])('maps a 500 saying %j to %s', (body, expected) => {
    expect(code(answer(500, body))).toBe(expected);
  });

  it('reads texts only where the envelopes put errors, never an echoed request', () => {
    const echoed = {
      statusCode: 500,
      exception: { message: 'socket hang up' },
      request: { body: { file: { url: 'https://x.example/forbidden.jpg' } } },
    };
    expect(code(answer(500, echoed))).toBe('AppError UPSTREAM_UNAVAILABLE');
  });

  it('reads WhatsApp texts in 500s only: a 403 "Forbidden" is our credentials, not the group', () => {
    expect(code(answer(403, { status: 403, error: 'Forbidden', response: { message: 'Forbidden' } }))).toBe(
      'AppError UPSTREAM_AUTH_FAILED',
    );
    expect(code(answer(401, 'Unauthorized'))).toBe('AppError UPSTREAM_AUTH_FAILED');
  });

  it.each([
    [answer(429, 'Too Many Requests'), 'RATE_LIMITED'],
    [answer(422, { success: false, message: 'image URL inaccessible' }), 'INVALID_IMAGE'],
    [
      answer(400, { code: 'INVALID_IMAGE_FORMAT', message: 'Image validation failed: unsupported image format: application/octet-stream' }),
      'INVALID_IMAGE',
    ],
    [answer(400, { code: 'VALIDATION_ERROR', message: 'group_id: cannot be blank.' }), 'AppError UPSTREAM_UNAVAILABLE'],
    [answer(504, {}), 'AppError UPSTREAM_TIMEOUT'],
    [answer(502, '<html>bad gateway</html>'), 'AppError UPSTREAM_UNAVAILABLE'],
  ])('maps %j by its status to %s', (response, expected) => {
    expect(code(response)).toBe(expected);
  });

  it('takes retryAt from Retry-After on a 429 and on a rate-overlimit 500', () => {
    const before = Date.now();
    const limited = writeFailure('Provider', answer(429, '', { 'retry-after': '12' })) as Refusal;
    expect(limited.retryAt?.getTime()).toBeGreaterThanOrEqual(before + 12_000);
    expect(limited.retryAt?.getTime()).toBeLessThan(before + 13_000);
    const overlimit = writeFailure(
      'Provider',
      answer(500, { message: 'rate-overlimit' }, { 'retry-after': 'Wed, 21 Oct 2099 07:28:00 GMT' }),
    ) as Refusal;
    expect(overlimit.retryAt?.toISOString()).toBe('2099-10-21T07:28:00.000Z');
    expect((writeFailure('Provider', answer(429, '')) as Refusal).retryAt).toBeNull();
  });

  it('writes its own messages, never the upstream body', () => {
    const failures = [
      writeFailure('Provider', answer(500, { message: 'info query returned status 403: forbidden token=s3cret' })),
      writeFailure('Provider', answer(500, { message: 'token=s3cret' })),
      writeFailure('Provider', answer(429, 'token=s3cret')),
    ];
    expect(failures[0]).toBeInstanceOf(Refusal);
    expect(failures[1]).toBeInstanceOf(AppError);
    for (const failure of failures) {
      expect(failure.message).not.toContain('s3cret');
    }
    expect(failures[0]?.message).toBe("This account may not change the group's info: WhatsApp requires an admin when the group is locked");
  });
});

describe('retryAfter', () => {
  const now = Date.UTC(2026, 10, 22, 12, 0, 0);

  it.each([
    ['30', now + 30_000],
    [' 0 ', now],
    ['Sun, 22 Nov 2026 12:05:00 GMT', Date.UTC(2026, 10, 22, 12, 5, 0)],
    ['Sunday, 22-Nov-26 12:05:00 GMT', Date.UTC(2026, 10, 22, 12, 5, 0)],
    ['Sun, 22 Nov 2026 11:00:00 GMT', now],
  ])('reads %j', (value, expected) => {
    expect(retryAfter({ 'retry-after': value }, now)?.getTime()).toBe(expected);
  });

  it.each([[undefined], [''], ['soon'], ['-5'], ['1.5']])('gives up on %j', (value) => {
    expect(retryAfter({ 'retry-after': value }, now)).toBeNull();
  });
});
