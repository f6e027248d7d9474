import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { errors, type JWK } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { KeysUnavailableError, RemoteKeySet } from '../../src/auth/jwks.js';
import { signingKey } from '../support/identity-provider.js';
import { capturingLogger } from '../support/silent-logger.js';

/** A JWKS host whose answer each test sets: the keys, an error status, a body, or no answer at all. */
type Answer = { readonly keys: JWK[] } | { readonly status: number; readonly body: string } | 'hang';

let answer: Answer = { keys: [] };
let fetches = 0;
let server: Server;
let url = '';

beforeAll(async () => {
  server = createServer((_, response) => {
    fetches += 1;
    if (answer === 'hang') {
      return;
    }
    if ('keys' in answer) {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: answer.keys }));
    } else {
      response.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const open: RemoteKeySet[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((keySet) => keySet.close()));
  fetches = 0;
});

function keySet(clock: { now: number }, timeoutMs = 2_000): RemoteKeySet {
  const created = new RemoteKeySet({
    url,
    logger: capturingLogger(),
    now: () => clock.now,
    timeoutMs,
    cooldownMs: 30_000,
    retryMs: 5_000,
    maxAgeMs: 600_000,
  });
  open.push(created);
  return created;
}

const header = (kid: string) => ({ alg: 'RS256', kid });
const TOKEN = { payload: '', signature: '' };

async function failure(pending: unknown): Promise<string> {
  try {
    await pending;
  } catch (error) {
    return (error as Error).name;
  }
  return 'resolved';
}

describe('a remote JSON Web Key Set', () => {
  it('is fetched once and then served from memory', async () => {
    const key = await signingKey('key-1');
    answer = { keys: [key.publicJwk] };
    const keys = keySet({ now: 0 });
    await keys.warmUp();
    await keys.getKey(header('key-1'), TOKEN);
    await keys.getKey(header('key-1'), TOKEN);
    expect(fetches).toBe(1);
  });

  it('looks again for an unknown kid once per cooldown, with concurrent lookups sharing one fetch', async () => {
    const [first, second] = await Promise.all([signingKey('key-1'), signingKey('key-2')]);
    answer = { keys: [first.publicJwk] };
    const clock = { now: 0 };
    const keys = keySet(clock);
    await keys.warmUp();

    answer = { keys: [first.publicJwk, second.publicJwk] };
    expect(await failure(keys.getKey(header('key-2'), TOKEN))).toBe(new errors.JWKSNoMatchingKey().name);
    expect(fetches).toBe(1);

    clock.now += 30_000;
    const found = await Promise.all(Array.from({ length: 10 }, () => keys.getKey(header('key-2'), TOKEN)));
    expect(found).toHaveLength(10);
    expect(fetches).toBe(2);

    const unknown = await Promise.all(Array.from({ length: 10 }, (_, index) => failure(keys.getKey(header(`made-up-${index}`), TOKEN))));
    expect(new Set(unknown)).toEqual(new Set(['JWKSNoMatchingKey']));
    expect(fetches).toBe(2);
  });

  it('refuses while it has no keys, retries only after retryMs, and recovers', async () => {
    const key = await signingKey('key-1');
    answer = { status: 503, body: '{"error":"down"}' };
    const clock = { now: 0 };
    const keys = keySet(clock);
    await keys.warmUp();
    expect(fetches).toBe(1);

    expect(await failure(keys.getKey(header('key-1'), TOKEN))).toBe(KeysUnavailableError.name);
    expect(fetches).toBe(1);

    answer = { keys: [key.publicJwk] };
    clock.now += 5_000;
    await keys.getKey(header('key-1'), TOKEN);
    expect(fetches).toBe(2);
  });

  it('refetches stale keys in the background and keeps serving them when the refetch fails', async () => {
    const key = await signingKey('key-1');
    answer = { keys: [key.publicJwk] };
    const clock = { now: 0 };
    const keys = keySet(clock);
    await keys.warmUp();

    answer = { status: 500, body: 'oops' };
    clock.now += 600_000;
    await keys.getKey(header('key-1'), TOKEN);
    // That lookup was answered from the stale keys; the refetch it started runs beside it (joined here) and fails…
    await keys.warmUp();
    expect(fetches).toBe(2);
    // …and the keys held keep serving.
    await keys.getKey(header('key-1'), TOKEN);
    expect(fetches).toBe(2);
  });

  it.each([
    ['an error status', { status: 404, body: '{}' }],
    ['JSON that is not a key set', { status: 200, body: '{"keys":"none"}' }],
    ['a body past the cap', { status: 200, body: JSON.stringify({ keys: [], padding: 'x'.repeat(300 * 1024) }) }],
  ] as const)('treats %s as no keys', async (_, given) => {
    answer = given;
    const keys = keySet({ now: 0 });
    await keys.warmUp();
    expect(await failure(keys.getKey(header('key-1'), TOKEN))).toBe(KeysUnavailableError.name);
  });

  it('gives up on a JWKS host that does not answer within its deadline', async () => {
    answer = 'hang';
    const keys = keySet({ now: 0 }, 200);
    const started = performance.now();
    await keys.warmUp();
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(await failure(keys.getKey(header('key-1'), TOKEN))).toBe(KeysUnavailableError.name);
  });
});
