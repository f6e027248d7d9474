import { ProviderGate } from '../../src/resilience/provider-gate.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { AppError } from '../../src/errors.js';
import { parseJid } from '../../src/pictures/jid.js';
import type { Picture } from '../../src/pictures/picture.js';
import { PictureService } from '../../src/pictures/picture-service.js';
import type { ProviderPicture } from '../../src/providers/provider.js';
import type { Session } from '../../src/session.js';
import { createSessionRegistry, type SessionRegistry } from '../../src/sessions.js';
import type { Emulator, RecordedRequest } from '../emulators/emulator.js';
import type { WhatsAppWorld } from '../emulators/whatsapp-world.js';
import { MemoryCache } from '../../src/cache/memory-cache.js';
import { capturingLogger } from '../support/silent-logger.js';
import { postGraphQL, startSubgraph } from '../support/start-subgraph.js';

export interface RunningEmulator {
  readonly emulator: Emulator;
  readonly world: WhatsAppWorld;
}

/** What the shared contract needs to know of one provider; everything else it finds out on the wire. */
export interface ProviderSpec<E extends RunningEmulator> {
  readonly name: string;
  start(): Promise<E>;
  /** The session variables for this emulator; `wrongCredential` swaps the secret for a wrong one. */
  env(emulator: E, options?: { wrongCredential?: boolean }): Record<string, string>;
  /** Secrets that must never appear in an answer, an error or a log line. */
  secrets(emulator: E): string[];
  /** The JID the provider received, read from wherever this provider carries it. */
  jidOnWire(request: RecordedRequest): string | undefined;
  /** Whether the request carried the credential the provider's way. */
  credentialSent(request: RecordedRequest, emulator: E): boolean;
  readonly personForm: 'c.us' | 's.whatsapp.net';
  readonly capabilities: { preview: boolean; refresh: boolean; tellsHiddenFromNotSet: boolean };
  /** Whether the request asked the provider to bypass its cache. */
  refreshOnWire(request: RecordedRequest): boolean;
}

const PICTURE = '491701234561';
const NOT_SET = '491701234566';
const HIDDEN = '491701234568';
const GROUP = '120363012345678901';

/**
 * The behaviour every adapter owes the product, checked over real HTTP against the provider's
 * emulator: status mapping, credentials, JID forms, preview and refresh honesty, error codes,
 * deadlines, and no secret in any answer or log line.
 */
export function describeProviderContract<E extends RunningEmulator>(spec: ProviderSpec<E>): void {
  describe(`${spec.name} adapter against its emulator`, () => {
    let running: E;
    let registry: SessionRegistry;
    let session: Session;
    const messages: string[] = [];

    function registryFor(env: Record<string, string>, timeoutMs = 2_000): SessionRegistry {
      const config = loadConfig({ ...env, UPSTREAM_TIMEOUT_MS: String(timeoutMs) });
      return createSessionRegistry(config, { publicUrl: () => 'http://unused', upstream: config.upstream });
    }

    async function fetchPicture(
      raw: string,
      options: { preview?: boolean; refresh?: boolean; on?: Session } = {},
    ): Promise<ProviderPicture> {
      try {
        return await (options.on ?? session).provider.fetchPicture({
          jid: parseJid(raw),
          preview: options.preview ?? false,
          refresh: options.refresh ?? false,
          signal: AbortSignal.timeout(2_000),
        });
      } catch (error) {
        if (error instanceof Error) {
          messages.push(error.message);
        }
        throw error;
      }
    }

    async function failure(raw: string): Promise<AppError> {
      try {
        await fetchPicture(raw);
      } catch (error) {
        if (error instanceof AppError) {
          return error;
        }
        throw error;
      }
      throw new Error('expected a failure');
    }

    async function codeOf(call: Promise<unknown>): Promise<string> {
      try {
        await call;
      } catch (error) {
        return error instanceof AppError ? error.code : `not an AppError: ${String(error)}`;
      }
      return 'no failure';
    }

    async function failureCode(raw: string, on?: Session): Promise<string> {
      try {
        await fetchPicture(raw, on ? { on } : {});
      } catch (error) {
        return error instanceof AppError ? error.code : `not an AppError: ${String(error)}`;
      }
      return 'no failure';
    }

    beforeAll(async () => {
      running = await spec.start();
      registry = registryFor(spec.env(running));
      session = registry.get('default') as Session;
    });
    afterAll(async () => {
      await registry.close();
      await running.emulator.close();
    });
    beforeEach(() => running.emulator.reset());

    it('reports a picture as AVAILABLE with a CDN URL', async () => {
      const answer = await fetchPicture(`${PICTURE}@c.us`);
      expect(answer.status).toBe('AVAILABLE');
      expect(answer.url).toMatch(/^https:\/\/pps\.whatsapp\.net\/v\/t61\.24694-24\/.*oe=[0-9A-F]+/);
      const group = await fetchPicture(`${GROUP}@g.us`);
      expect(group.status).toBe('AVAILABLE');
    });

    it(`reports no picture and a hidden one ${spec.capabilities.tellsHiddenFromNotSet ? 'as NOT_SET and HIDDEN' : 'both as NONE (the provider does not say which)'}`, async () => {
      expect((await fetchPicture(`${NOT_SET}@c.us`)).status).toBe(spec.capabilities.tellsHiddenFromNotSet ? 'NOT_SET' : 'NONE');
      expect((await fetchPicture(`${HIDDEN}@c.us`)).status).toBe(spec.capabilities.tellsHiddenFromNotSet ? 'HIDDEN' : 'NONE');
      expect((await fetchPicture(`${NOT_SET}@c.us`)).url).toBeNull();
    });

    it("sends the credential the provider's way on every request", async () => {
      await fetchPicture(`${PICTURE}@c.us`);
      await fetchPicture(`${GROUP}@g.us`);
      expect(running.emulator.requests).toHaveLength(2);
      for (const request of running.emulator.requests) {
        expect(spec.credentialSent(request, running)).toBe(true);
      }
    });

    it('maps a wrong credential to UPSTREAM_AUTH_FAILED', async () => {
      const wrong = registryFor(spec.env(running, { wrongCredential: true }));
      try {
        expect(await failureCode(`${PICTURE}@c.us`, wrong.get('default'))).toBe('UPSTREAM_AUTH_FAILED');
      } finally {
        await wrong.close();
      }
    });

    it(`puts a person's JID on the wire as @${spec.personForm}, whichever form the caller used`, async () => {
      await fetchPicture(`${PICTURE}@c.us`);
      await fetchPicture(`${PICTURE}@s.whatsapp.net`);
      await fetchPicture(`${GROUP}@g.us`);
      await fetchPicture('123456789012345@lid');
      expect(running.emulator.requests.map((request) => spec.jidOnWire(request))).toEqual([
        `${PICTURE}@${spec.personForm}`,
        `${PICTURE}@${spec.personForm}`,
        `${GROUP}@g.us`,
        '123456789012345@lid',
      ]);
    });

    it(`${spec.capabilities.preview ? 'asks for the real preview size' : 'has no preview size and never claims one'}`, async () => {
      const service = new PictureService({
        cache: new MemoryCache({ maxEntries: 100 }),
        ttl: { maxTtlMs: 60_000, negativeTtlMs: 60_000, expiryMarginMs: 0, staleMs: 0 },
        gate: new ProviderGate({ concurrency: 4, timeoutMs: 2_000 }),
        refreshMinIntervalMs: 0,
        logger: capturingLogger(),
      });
      const [result] = await service.getMany(session, [{ jid: parseJid(`${PICTURE}@c.us`), preview: true, refresh: false }]);
      expect((result as Picture).status).toBe('AVAILABLE');
      expect((result as Picture).preview).toBe(spec.capabilities.preview);
      expect(session.provider.capabilities.preview).toBe(spec.capabilities.preview);
    });

    it(`${spec.capabilities.refresh ? 'passes refresh on to the provider' : 'asks live every time, so has no refresh to pass'}`, async () => {
      await fetchPicture(`${PICTURE}@c.us`, { refresh: spec.capabilities.refresh });
      await fetchPicture(`${PICTURE}@c.us`);
      expect(running.emulator.requests.map((request) => spec.refreshOnWire(request))).toEqual([spec.capabilities.refresh, false]);
      expect(session.provider.capabilities.refresh).toBe(spec.capabilities.refresh);
    });

    it.each([
      [{ kind: 'status', status: 500 } as const, 'UPSTREAM_UNAVAILABLE'],
      [{ kind: 'status', status: 502 } as const, 'UPSTREAM_UNAVAILABLE'],
      [{ kind: 'status', status: 503 } as const, 'UPSTREAM_UNAVAILABLE'],
      [{ kind: 'status', status: 503, headers: { 'retry-after': '5' } } as const, 'UPSTREAM_UNAVAILABLE'],
      [{ kind: 'status', status: 504 } as const, 'UPSTREAM_TIMEOUT'],
      [{ kind: 'rate-limit', retryAfterSeconds: 7 } as const, 'UPSTREAM_RATE_LIMITED'],
      [{ kind: 'reset' } as const, 'UPSTREAM_UNAVAILABLE'],
    ])('maps %j to %s', async (fault, code) => {
      running.emulator.inject(fault);
      expect(await failureCode(`${PICTURE}@c.us`)).toBe(code);
    });

    it("carries the provider's Retry-After as the error's retryAt, in seconds or as an HTTP date", async () => {
      running.emulator.inject({ kind: 'rate-limit', retryAfterSeconds: 7 }, { times: 1 });
      const limited = await failure(`${PICTURE}@c.us`);
      expect(limited.code).toBe('UPSTREAM_RATE_LIMITED');
      expect(Math.abs((limited.retryAt?.getTime() ?? 0) - (Date.now() + 7_000))).toBeLessThan(3_000);
      const date = new Date(Math.ceil(Date.now() / 1000) * 1000 + 60_000);
      running.emulator.inject({ kind: 'status', status: 503, headers: { 'retry-after': date.toUTCString() } }, { times: 1 });
      const unavailable = await failure(`${PICTURE}@c.us`);
      expect(unavailable.code).toBe('UPSTREAM_UNAVAILABLE');
      expect(unavailable.retryAt?.toISOString()).toBe(date.toISOString());
      // Without Retry-After a 503 is a failure of the moment, which a read may ask again; a 500 is not.
      running.emulator.inject({ kind: 'status', status: 503 }, { times: 1 });
      expect(await failure(`${PICTURE}@c.us`)).toMatchObject({ retryAt: null, transient: true });
      running.emulator.inject({ kind: 'status', status: 500 }, { times: 1 });
      expect(await failure(`${PICTURE}@c.us`)).toMatchObject({ retryAt: null, transient: false });
    });

    it.each([
      ['an HTML error page', '<html><body>502 Bad Gateway</body></html>'],
      ['a JSON object of another shape', { unexpected: true }],
      ['a JSON array', []],
    ])('answers a 200 carrying %s as UPSTREAM_UNAVAILABLE, never as a picture or NONE', async (_, body) => {
      running.emulator.inject({ kind: 'status', status: 200, body });
      for (const jid of [`${PICTURE}@c.us`, `${GROUP}@g.us`]) {
        const error = await failure(jid);
        expect(error.code).toBe('UPSTREAM_UNAVAILABLE');
        expect(error.message).toMatch(/answered something that is not a picture answer/);
      }
    });

    describe('through the provider gate', () => {
      /** A gate whose retry budget has room: nine reads in its window allow retries of the next two. */
      async function warmedGate(): Promise<ProviderGate> {
        const gate = new ProviderGate({ concurrency: 4, timeoutMs: 2_000 });
        for (let index = 0; index < 9; index += 1) {
          await read(gate, `${PICTURE}@c.us`);
        }
        running.emulator.reset();
        return gate;
      }

      function read(gate: ProviderGate, raw: string): Promise<ProviderPicture> {
        return gate.read(session, (signal) =>
          session.provider.fetchPicture({ jid: parseJid(raw), preview: false, refresh: false, signal }),
        );
      }

      it('retries a read once when its connection dies, and no more', async () => {
        const gate = await warmedGate();
        running.emulator.inject({ kind: 'reset' }, { times: 1 });
        expect((await read(gate, `${PICTURE}@c.us`)).status).toBe('AVAILABLE');
        expect(running.emulator.requests).toHaveLength(2);
        running.emulator.reset();
        running.emulator.inject({ kind: 'reset' });
        expect(await codeOf(read(gate, `${PICTURE}@c.us`))).toBe('UPSTREAM_UNAVAILABLE');
        expect(running.emulator.requests).toHaveLength(2);
      });

      it('retries a 502 or 503 without Retry-After once, and never a 500, a 429 or a 503 with Retry-After', async () => {
        const gate = await warmedGate();
        running.emulator.inject({ kind: 'status', status: 503 }, { times: 1 });
        expect((await read(gate, `${PICTURE}@c.us`)).status).toBe('AVAILABLE');
        expect(running.emulator.requests).toHaveLength(2);
        for (const fault of [
          { kind: 'status', status: 500 },
          { kind: 'rate-limit', retryAfterSeconds: 0 },
          { kind: 'status', status: 503, headers: { 'retry-after': '0' } },
        ] as const) {
          running.emulator.reset();
          running.emulator.inject(fault, { times: 1 });
          await codeOf(read(gate, `${PICTURE}@c.us`));
          expect(running.emulator.requests).toHaveLength(1);
        }
      });

      it("does not retry a session's first read: retries stay within 20 % of the reads", async () => {
        const gate = new ProviderGate({ concurrency: 4, timeoutMs: 2_000 });
        running.emulator.inject({ kind: 'reset' }, { times: 1 });
        expect(await codeOf(read(gate, `${PICTURE}@c.us`))).toBe('UPSTREAM_UNAVAILABLE');
        expect(running.emulator.requests).toHaveLength(1);
      });
    });

    it('maps an unreachable provider to UPSTREAM_UNAVAILABLE', async () => {
      const closed = await spec.start();
      const env = spec.env(closed);
      await closed.emulator.close();
      const unreachable = registryFor(env);
      try {
        expect(await failureCode(`${PICTURE}@c.us`, unreachable.get('default'))).toBe('UPSTREAM_UNAVAILABLE');
      } finally {
        await unreachable.close();
      }
    });

    it('never caches a garbage answer: the picture fails with UPSTREAM_UNAVAILABLE, is logged, and the next request asks again', async () => {
      const subgraph = await startSubgraph({ env: spec.env(running) });
      try {
        const query = {
          query:
            '{ _entities(representations: [{ __typename: "Contact", id: "491701234581@c.us" }]) { ... on Contact { picture { status } } } }',
        };
        running.emulator.inject(
          { kind: 'status', status: 200, body: '<html><body>Service temporarily unavailable</body></html>' },
          { times: 1 },
        );
        const first = await postGraphQL(subgraph.url, query);
        expect(first.body.data?._entities).toEqual([{ picture: null }]);
        expect(first.body.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
        const second = await postGraphQL(subgraph.url, query);
        expect(second.body.data?._entities).toEqual([{ picture: { status: 'AVAILABLE' } }]);
        expect(running.emulator.requests).toHaveLength(2);
        const failures = subgraph.logger.lines
          .map((line) => JSON.parse(line) as Record<string, unknown>)
          .filter((line) => line.message === 'provider call failed');
        expect(failures).toEqual([
          expect.objectContaining({
            level: 'warn',
            session: 'default',
            operation: 'fetch_picture',
            outcome: 'bad_answer',
            code: 'UPSTREAM_UNAVAILABLE',
          }),
        ]);
        const everything = JSON.stringify(subgraph.logger.lines);
        for (const secret of spec.secrets(running)) {
          expect(everything).not.toContain(secret);
        }
        expect(everything).not.toContain('491701234581');
      } finally {
        await subgraph.close();
      }
    });

    it('answers a hung provider within UPSTREAM_TIMEOUT_MS, with the rest of the response intact', async () => {
      const subgraph = await startSubgraph({ env: { ...spec.env(running), UPSTREAM_TIMEOUT_MS: '1500' } });
      try {
        running.emulator.inject({ kind: 'hang' }, { when: (request) => spec.jidOnWire(request)?.startsWith(HIDDEN) ?? false });
        const started = Date.now();
        const { status, body } = await postGraphQL(subgraph.url, {
          query:
            '{ _entities(representations: [{ __typename: "Chat", id: "491701234561@c.us" }, { __typename: "Contact", id: "491701234568@c.us" }, { __typename: "Group", id: "120363012345678901@g.us" }]) { ... on Chat { picture { status } } ... on Contact { picture { status } } ... on Group { picture { status } } } }',
        });
        const elapsed = Date.now() - started;
        expect(status).toBe(200);
        expect(body.data?._entities).toEqual([
          { picture: { status: 'AVAILABLE' } },
          { picture: null },
          { picture: { status: 'AVAILABLE' } },
        ]);
        expect(body.errors).toEqual([
          expect.objectContaining({ path: ['_entities', 1, 'picture'], extensions: { code: 'UPSTREAM_TIMEOUT' } }),
        ]);
        // The bound is the deadline plus generous slack for a loaded machine, never the provider's 300 s
        // default; the deadline itself leaves the answering calls time on a busy machine.
        expect(elapsed).toBeLessThan(1_500 + 3_000);

        running.emulator.clearFaults();
        running.emulator.inject({ kind: 'status', status: 500, body: { secret: spec.secrets(running).join(' ') } });
        const failed = await postGraphQL(subgraph.url, {
          query: '{ _entities(representations: [{ __typename: "Chat", id: "491701234571@c.us" }]) { ... on Chat { picture { status } } } }',
        });
        const everything = JSON.stringify([body, failed.body, subgraph.logger.lines, messages]);
        for (const secret of spec.secrets(running)) {
          expect(everything).not.toContain(secret);
        }
        expect(failed.body.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
      } finally {
        await subgraph.close();
      }
    });
  });
}
