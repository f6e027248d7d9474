import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import { jidForProvider, parseEntityJid, parseJid } from '../../src/pictures/jid.js';

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof AppError ? error.code : 'not an AppError';
  }
  return undefined;
}

describe('parseJid', () => {
  it.each([
    ['491701234567@c.us', 'person', '491701234567@s.whatsapp.net'],
    ['491701234567@s.whatsapp.net', 'person', '491701234567@s.whatsapp.net'],
    ['491701234567@C.US', 'person', '491701234567@s.whatsapp.net'],
    ['123456789012345@lid', 'person', '123456789012345@lid'],
    ['491701234567-1600000000@g.us', 'group', '491701234567-1600000000@g.us'],
    ['120363012345678901@g.us', 'group', '120363012345678901@g.us'],
    ['120363012345678901@newsletter', 'newsletter', '120363012345678901@newsletter'],
  ])('reads %s as a %s with canonical form %s', (raw, kind, canonical) => {
    const jid = parseJid(raw);
    expect(jid).toMatchObject({ raw, kind, canonical });
  });

  it('gives both spellings of a phone identity one canonical form', () => {
    expect(parseJid('15551234567@c.us').canonical).toBe(parseJid('15551234567@s.whatsapp.net').canonical);
  });

  it.each([
    ['', 'empty'],
    ['491701234567', 'no server'],
    ['@c.us', 'no user'],
    ['49170@1234@c.us', 'two @'],
    ['491701234567@example.com', 'unknown server'],
    ['status@broadcast', 'broadcast list'],
    ['+491701234567@c.us', 'a plus sign'],
    ['0491701234567@c.us', 'a leading zero'],
    ['4917012345678901@c.us', 'longer than E.164'],
    ['1234@c.us', 'too short'],
    ['49170 1234567@c.us', 'a space'],
    ['491701234567:12@s.whatsapp.net', 'a device suffix'],
    ['12345@g.us', 'a group id too short'],
    ['abc@lid', 'letters'],
    ['<script>@c.us', 'markup'],
  ])('refuses %j (%s) as BAD_USER_INPUT', (raw) => {
    expect(codeOf(() => parseJid(raw))).toBe('BAD_USER_INPUT');
  });

  it('parses each text once: the same text gives the same JID, while a bad one is refused every time', () => {
    expect(parseJid('15550000001@c.us')).toBe(parseJid('15550000001@c.us'));
    expect(parseJid('15550000001@c.us')).not.toBe(parseJid('15550000001@s.whatsapp.net'));
    expect(codeOf(() => parseJid('bad@c.us'))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => parseJid('bad@c.us'))).toBe('BAD_USER_INPUT');
  });

  it('never echoes more than a short prefix of a long id', () => {
    let message = '';
    try {
      parseJid(`${'9'.repeat(5000)}@c.us`);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message.length).toBeLessThan(400);
  });
});

describe('parseEntityJid', () => {
  it('lets a Chat be a person, a group or a channel', () => {
    expect(parseEntityJid('Chat', '15551234567@c.us').kind).toBe('person');
    expect(parseEntityJid('Chat', '120363012345678901@g.us').kind).toBe('group');
    expect(parseEntityJid('Chat', '120363012345678901@newsletter').kind).toBe('newsletter');
  });

  it('lets a Contact be only a person', () => {
    expect(parseEntityJid('Contact', '15551234567@lid').kind).toBe('person');
    expect(codeOf(() => parseEntityJid('Contact', '120363012345678901@g.us'))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => parseEntityJid('Contact', '120363012345678901@newsletter'))).toBe('BAD_USER_INPUT');
  });

  it('lets a Group be only a group', () => {
    expect(parseEntityJid('Group', '15551234567-1600000000@g.us').kind).toBe('group');
    expect(codeOf(() => parseEntityJid('Group', '15551234567@c.us'))).toBe('BAD_USER_INPUT');
  });
});

describe('jidForProvider', () => {
  it('writes phone JIDs in the form the provider wants, whatever the caller used', () => {
    expect(jidForProvider(parseJid('15551234567@c.us'), 's.whatsapp.net')).toBe('15551234567@s.whatsapp.net');
    expect(jidForProvider(parseJid('15551234567@s.whatsapp.net'), 'c.us')).toBe('15551234567@c.us');
  });

  it('leaves LIDs, groups and channels as they are', () => {
    expect(jidForProvider(parseJid('15551234567@lid'), 'c.us')).toBe('15551234567@lid');
    expect(jidForProvider(parseJid('120363012345678901@g.us'), 'c.us')).toBe('120363012345678901@g.us');
    expect(jidForProvider(parseJid('120363012345678901@newsletter'), 's.whatsapp.net')).toBe('120363012345678901@newsletter');
  });
});
