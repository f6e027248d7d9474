import { describe, expect, it } from 'vitest';
import { StoreHealth } from '../../src/hosting/store-health.js';
import { StoreError, type PictureStore } from '../../src/store/picture-store.js';
import { capturingLogger } from '../support/silent-logger.js';

/** A store whose next answers a test decides. */
function scriptedStore() {
  const script = { putFails: null as StoreError | null, checkFails: null as StoreError | null, puts: [] as string[] };
  const store: PictureStore = {
    kind: 'scripted',
    get: async () => null,
    put: async (key) => {
      script.puts.push(key);
      if (script.putFails !== null) {
        throw script.putFails;
      }
    },
    delete: async () => {},
    list: async function* () {},
    check: async () => {
      if (script.checkFails !== null) {
        throw script.checkFails;
      }
    },
    close: async () => {},
  };
  return { store, script };
}

describe('the picture store health the warm path reads', () => {
  it('stops hosted URLs while the store is away, and a check brings them back', async () => {
    const { store, script } = scriptedStore();
    const health = new StoreHealth(store, capturingLogger());
    expect(health.serving).toBe(true);
    health.failed(new StoreError('unavailable', 'timeout'));
    expect([health.state, health.serving]).toEqual(['down', false]);
    script.checkFails = new StoreError('unavailable', 'still away');
    await health.probe();
    expect(health.state).toBe('down');
    script.checkFails = null;
    await health.probe();
    expect([health.state, health.serving]).toEqual(['ok', true]);
    health.stop();
  });

  it('treats a full store as full until a write succeeds: a read proves nothing about room', async () => {
    const { store, script } = scriptedStore();
    const health = new StoreHealth(store, capturingLogger());
    health.failed(new StoreError('full', 'ENOSPC'));
    health.read();
    expect(health.state).toBe('full');
    script.putFails = new StoreError('full', 'ENOSPC');
    await health.probe();
    expect(health.state).toBe('full');
    script.putFails = null;
    await health.probe();
    expect(health.state).toBe('ok');
    // The probe writes outside the pictures, where the retention sweep never looks.
    expect(script.puts.every((key) => key.startsWith('probe/'))).toBe(true);
    health.stop();
  });

  it('counts any other failure as a store that is away', () => {
    const { store } = scriptedStore();
    const health = new StoreHealth(store, capturingLogger());
    health.failed(new Error('socket hang up'));
    expect(health.state).toBe('down');
    health.stop();
  });
});
