import { describe, expect, it } from 'vitest';
import { MemoryCache } from '../../src/cache/memory-cache.js';
import { bodyDigest, EventLedger } from '../../src/webhooks/event-ledger.js';

describe('EventLedger', () => {
  it('lets one delivery of an event through; the others are in progress, then duplicates for the replay window', async () => {
    let now = 1_000_000;
    const ledger = new EventLedger(new MemoryCache({ maxEntries: 100, now: () => now }), 600_000);
    const first = await ledger.enter('account', 'evt_01');
    expect(first.kind).toBe('new');
    expect(await ledger.enter('account', 'evt_01')).toEqual({ kind: 'in_progress' });
    // Another account's event of the same id is its own.
    expect((await ledger.enter('other account', 'evt_01')).kind).toBe('new');
    if (first.kind === 'new') {
      await ledger.done(first.claim);
    }
    expect(await ledger.enter('account', 'evt_01')).toEqual({ kind: 'duplicate' });
    now += 600_001;
    expect((await ledger.enter('account', 'evt_01')).kind).toBe('new');
  });

  it('forgets an event whose handling failed, so the provider’s retry is handled', async () => {
    const ledger = new EventLedger(new MemoryCache({ maxEntries: 100 }), 600_000);
    const entry = await ledger.enter('account', bodyDigest(Buffer.from('{}')));
    if (entry.kind !== 'new') {
      throw new Error('expected a new event');
    }
    await ledger.abandon(entry.claim);
    expect((await ledger.enter('account', bodyDigest(Buffer.from('{}')))).kind).toBe('new');
    expect(bodyDigest(Buffer.from('{}'))).not.toBe(bodyDigest(Buffer.from('{ }')));
  });
});
