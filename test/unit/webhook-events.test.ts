import { describe, expect, it } from 'vitest';
import { parseEvolutionEvent } from '../../src/webhooks/evolution-events.js';
import type { ParsedEvent } from '../../src/webhooks/picture-event.js';
import { parseWahaEvent } from '../../src/webhooks/waha-events.js';
import { evolutionContactsUpdate, wahaEnvelope, wahaPictureNotification } from '../support/provider-events.js';

/** What an event says, in short: `kind jid` per change, or the event's kind. */
function summary(event: ParsedEvent): string[] | string {
  if (event.kind !== 'pictures') {
    return event.kind;
  }
  return event.changes.map((change) =>
    change.kind === 'picture' ? `picture ${change.jid.canonical} ${change.picture.status}` : `${change.kind} ${change.jid.canonical}`,
  );
}

const waha = (body: unknown) => summary(parseWahaEvent(body, 'waha'));
const wawp = (body: unknown) => summary(parseWahaEvent(body, 'wawp'));
const evolution = (body: unknown) => summary(parseEvolutionEvent(body));

describe('WAHA and Wawp events', () => {
  it('NOWEB: contacts.update items with imgUrl changed or removed, for people, groups and LIDs; device suffixes dropped', () => {
    const event = wahaEnvelope('engine.event', {
      event: 'contacts.update',
      data: [
        { id: '4915112345670@s.whatsapp.net', imgUrl: 'changed' },
        { id: '120363000000000501@g.us', imgUrl: 'removed' },
        { id: '207741234567890@lid', imgUrl: 'changed' },
        { id: '4915112345672:12@s.whatsapp.net', imgUrl: 'changed' },
        // Push names, and Baileys' hash fallback when a notification has no `from`: not pictures we can name.
        { id: '4915112345673@s.whatsapp.net', notify: 'Anna' },
        { id: 'q0aXHw9K2D1Tqk2xq2XgRw==', imgUrl: 'changed' },
      ],
    });
    expect(waha(event)).toEqual([
      'changed 4915112345670@s.whatsapp.net',
      'picture 120363000000000501@g.us NONE',
      'changed 207741234567890@lid',
      'changed 4915112345672@s.whatsapp.net',
    ]);
    const parsed = parseWahaEvent(event, 'waha');
    expect(parsed).toMatchObject({ kind: 'pictures', eventId: event.id, timestamp: event.timestamp, providerSession: 'default' });
  });

  it('GOWS: whatsmeow events.Picture, a new picture id or a removal', () => {
    const picture = (data: unknown) => wahaEnvelope('engine.event', { event: 'events.Picture', data }, { engine: 'GOWS' });
    expect(
      waha(
        picture({
          JID: '4915112345670@s.whatsapp.net',
          Author: '',
          Timestamp: '2026-11-22T09:30:00Z',
          Remove: false,
          PictureID: '1771000000',
        }),
      ),
    ).toEqual(['changed 4915112345670@s.whatsapp.net']);
    expect(waha(picture({ JID: '120363000000000501@g.us', Remove: true }))).toEqual(['picture 120363000000000501@g.us NONE']);
  });

  it('WEBJS: group.v2.update of type picture; other group updates are ignored, on Wawp only when they say so', () => {
    const update = (payload: unknown) => wahaEnvelope('group.v2.update', payload, { engine: 'WEBJS' });
    const picture = update({
      group: { id: '120363000000000501@g.us', subject: 'Team' },
      timestamp: 1,
      _data: { type: 'picture', chatId: '120363000000000501@g.us' },
    });
    expect(waha(picture)).toEqual(['changed 120363000000000501@g.us']);
    expect(waha(update({ _data: { type: 'picture', id: { remote: { _serialized: '120363000000000502@g.us' } } } }))).toEqual([
      'changed 120363000000000502@g.us',
    ]);
    expect(waha(update({ group: { id: '120363000000000501@g.us' }, _data: { type: 'subject' } }))).toBe('ignored');
    // NOWEB and GOWS group updates say nothing of pictures; Wawp's documented example says nothing at all.
    expect(waha(update({ group: { id: '120363000000000501@g.us' } }))).toBe('ignored');
    expect(wawp(update({ chatId: '120363000000000501@g.us', subject: 'Team', description: '' }))).toEqual([
      'changed 120363000000000501@g.us',
    ]);
  });

  it("Wawp's documented engine.event shape, payload.raw.{event,data}", () => {
    const event = wahaEnvelope('engine.event', {
      raw: { event: 'contacts.update', data: [{ id: '4915112345670@c.us', imgUrl: 'changed' }] },
    });
    expect(wawp(event)).toEqual(['changed 4915112345670@s.whatsapp.net']);
  });

  it('other events are ignored; wrong types are malformed', () => {
    expect(waha(wahaEnvelope('message', { body: 'hi' }))).toBe('ignored');
    expect(waha(wahaEnvelope('engine.event', { event: 'messages.upsert', data: { messages: [] } }))).toBe('ignored');
    expect(waha(wahaEnvelope('engine.event', { event: 'contacts.update', data: [{ id: '1@s.whatsapp.net', notify: 'x' }] }))).toBe(
      'ignored',
    );
    for (const body of [
      null,
      [],
      'text',
      { ...wahaPictureNotification('4915112345670@c.us', 'changed'), event: 1 },
      { ...wahaPictureNotification('4915112345670@c.us', 'changed'), timestamp: '1' },
      { ...wahaPictureNotification('4915112345670@c.us', 'changed'), session: {} },
      { ...wahaPictureNotification('4915112345670@c.us', 'changed'), id: 'x'.repeat(300) },
      wahaEnvelope('engine.event', 'not an object'),
      wahaEnvelope('engine.event', { event: 'contacts.update', data: {} }),
      wahaEnvelope('engine.event', { event: 'contacts.update', data: ['x'] }),
      wahaEnvelope('engine.event', { event: 'events.Picture', data: [] }),
      wahaEnvelope('engine.event', { event: 'events.Picture', data: { JID: '1@g.us', Remove: 1 } }),
      wahaEnvelope('group.v2.update', 7),
    ]) {
      expect(waha(body)).toBe('malformed');
    }
  });
});

describe('Evolution API events', () => {
  it('contacts.update carries the re-fetched URL, in an array or (per message) a single object', () => {
    const url = 'https://pps.whatsapp.net/v/t61.24694-24/s640x640/1771000100_n.jpg?oe=6A0B1C2D&oh=01_x';
    expect(
      evolution(
        evolutionContactsUpdate([
          { remoteJid: '120363000000000501@g.us', profilePicUrl: url },
          { remoteJid: '5511987654321@s.whatsapp.net', profilePicUrl: null, pushName: 'Ana' },
          { remoteJid: '207741234567890@lid', profilePicUrl: url },
        ]),
      ),
    ).toEqual([
      'picture 120363000000000501@g.us AVAILABLE',
      'maybe-removed 5511987654321@s.whatsapp.net',
      'picture 207741234567890@lid AVAILABLE',
    ]);
    expect(evolution(evolutionContactsUpdate({ remoteJid: '5511987654321@s.whatsapp.net', profilePicUrl: url }))).toEqual([
      'picture 5511987654321@s.whatsapp.net AVAILABLE',
    ]);
    expect(parseEvolutionEvent(evolutionContactsUpdate([]))).toMatchObject({ kind: 'ignored', providerSession: 'crm-main' });
  });

  it('only https picture URLs are kept; other events are ignored; wrong types are malformed', () => {
    expect(evolution(evolutionContactsUpdate({ remoteJid: '5511987654321@s.whatsapp.net', profilePicUrl: 'javascript:alert(1)' }))).toEqual(
      ['maybe-removed 5511987654321@s.whatsapp.net'],
    );
    expect(
      evolution({
        ...evolutionContactsUpdate([]),
        event: 'CONTACTS_UPDATE',
        data: [{ remoteJid: '120363000000000501@g.us', profilePicUrl: null }],
      }),
    ).toEqual(['maybe-removed 120363000000000501@g.us']);
    expect(evolution({ event: 'messages.upsert', instance: 'crm-main', data: { key: {} } })).toBe('ignored');
    // An item without profilePicUrl says nothing of the picture.
    expect(
      evolution({ event: 'contacts.update', instance: 'crm-main', data: [{ remoteJid: '5511987654321@s.whatsapp.net', pushName: 'Ana' }] }),
    ).toBe('ignored');
    for (const body of [
      null,
      { event: 5 },
      { event: 'contacts.update', instance: 7, data: [] },
      { event: 'contacts.update', instance: 'crm-main', data: ['x'] },
      { event: 'contacts.update', instance: 'crm-main', data: 'x' },
      { event: 'contacts.update', instance: 'crm-main', data: [{ remoteJid: '5511987654321@s.whatsapp.net', profilePicUrl: 42 }] },
    ]) {
      expect(evolution(body)).toBe('malformed');
    }
  });
});
