import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { GroupPictureForm, GroupPictureImage } from '../../src/providers/provider.js';
import type { RecordedRequest } from '../emulators/emulator.js';
import { startImageServer, type ImageServer } from '../support/image-server.js';
import {
  openProvider,
  withProvider,
  writeCode,
  writeOutcome,
  type ProviderSession,
  type WriteOutcome,
} from '../support/provider-session.js';
import { NOT_AN_IMAGE, testJpeg } from '../support/test-images.js';
import type { RunningEmulator } from './provider-contract.js';

/** What a provider received as the new picture: the bytes its encoding carried, or the URL it was told to fetch. */
export type ImageOnWire = { readonly bytes: Buffer } | { readonly url: string } | null;

/** What the write contract needs to know of one provider; the rest it finds out on the wire. */
export interface WriteSpec<E extends RunningEmulator> {
  readonly name: string;
  /** An emulator that performs writes (WAHA: the Plus edition). */
  start(): Promise<E>;
  env(emulator: E, options?: { wrongCredential?: boolean }): Record<string, string>;
  /** Secrets that must never appear in a Refusal or an AppError. */
  secrets(emulator: E): string[];
  readonly capabilities: { readonly setGroupPicture: readonly GroupPictureForm[]; readonly deleteGroupPicture: boolean };
  /** Whether the request is a group picture write (set or delete), not a read. */
  isWrite(request: RecordedRequest): boolean;
  imageOnWire(request: RecordedRequest): Promise<ImageOnWire>;
  /** Whether a set answers WhatsApp's new picture id (GoWA) rather than null. */
  readonly returnsPictureId: boolean;
  /** WAHA's own 24 h picture cache keeps the old URL after a write until a read asks for refresh. */
  readonly readAfterWrite: 'immediate' | 'with-refresh';
  /** The Retry-After (s) the provider sends with its own throttling answer; null when WhatsApp's rate-overlimit comes in a 500 without one. */
  readonly throttleRetryAfterSeconds: number | null;
}

let groups = 0;

/** A group id no other test uses; its last digit 1 gives it a picture in the world until a write changes it. */
function freshGroup(): string {
  groups += 1;
  return `1203630000${String(groups).padStart(7, '0')}1@g.us`;
}

function user(group: string): string {
  return group.split('@')[0] ?? '';
}

function pictureIdIn(url: string | null): string | undefined {
  return url === null ? undefined : /\/(\d+)_n\.jpg\?/.exec(url)?.[1];
}

function within(date: Date | null, expected: number, slackMs = 3_000): boolean {
  return date !== null && Math.abs(date.getTime() - expected) <= slackMs;
}

/**
 * The behaviour every adapter owes the product when it writes a group picture, checked over real
 * HTTP against the provider's emulator: the image it sends, one request and never a retry, reads
 * after a write, each refusal WhatsApp can give mapped to its code, and no secret in any message.
 */
export function describeWriteContract<E extends RunningEmulator>(spec: WriteSpec<E>): void {
  describe(`${spec.name} adapter writes group pictures against its emulator`, () => {
    let running: E;
    let images: ImageServer;
    let jpeg: Buffer;
    let session: ProviderSession & { close(): Promise<void> };

    function imageFor(form: GroupPictureForm): GroupPictureImage {
      return form === 'bytes' ? { form, bytes: jpeg, mimetype: 'image/jpeg' } : { form, url: images.url('/new-picture.jpg') };
    }

    function invalidImageFor(form: GroupPictureForm): GroupPictureImage {
      return form === 'bytes' ? { form, bytes: NOT_AN_IMAGE, mimetype: 'image/jpeg' } : { form, url: images.url('/not-a-picture.jpg') };
    }

    const preferred = (): GroupPictureImage => imageFor(spec.capabilities.setGroupPicture[0] ?? 'bytes');
    const writes = () => running.emulator.requests.filter((request) => spec.isWrite(request));

    beforeAll(async () => {
      jpeg = await testJpeg('#7E57C2');
      images = await startImageServer({
        '/new-picture.jpg': { body: jpeg, type: 'image/jpeg' },
        '/not-a-picture.jpg': { body: NOT_AN_IMAGE, type: 'text/plain' },
      });
      running = await spec.start();
      session = openProvider(spec.env(running));
    });
    afterAll(async () => {
      await session.close();
      await running.emulator.close();
      await images.close();
    });
    beforeEach(() => {
      running.emulator.reset();
      running.world.notAllowedAs = 403;
    });

    it(`declares set ${JSON.stringify(spec.capabilities.setGroupPicture)} and delete ${spec.capabilities.deleteGroupPicture}`, () => {
      expect(session.provider.capabilities.setGroupPicture).toEqual(spec.capabilities.setGroupPicture);
      expect(session.provider.capabilities.deleteGroupPicture).toBe(spec.capabilities.deleteGroupPicture);
    });

    it.each(spec.capabilities.setGroupPicture.map((form) => [form]))(
      'sets a picture from %s in one request, and a read then shows the new picture',
      async (form) => {
        const group = freshGroup();
        const before = await session.fetch(group);
        expect(before.status).toBe('AVAILABLE');
        const image = imageFor(form);

        const outcome = await writeOutcome(session.set(group, image));

        const newId = running.world.lookup(user(group));
        expect(newId.kind).toBe('picture');
        const pictureId = newId.kind === 'picture' ? newId.pictureId : '';
        expect(pictureId).not.toBe(pictureIdIn(before.url));
        expect(outcome).toEqual({ kind: 'written', pictureId: spec.returnsPictureId ? pictureId : null });
        expect(writes()).toHaveLength(1);
        const onWire = await spec.imageOnWire(writes()[0] as RecordedRequest);
        expect(onWire).toEqual(image.form === 'bytes' ? { bytes: jpeg } : { url: image.url });

        const after = await session.fetch(group);
        if (spec.readAfterWrite === 'with-refresh') {
          expect(pictureIdIn(after.url)).toBe(pictureIdIn(before.url));
          expect(pictureIdIn((await session.fetch(group, { refresh: true })).url)).toBe(pictureId);
        } else {
          expect(pictureIdIn(after.url)).toBe(pictureId);
        }
      },
    );

    if (spec.capabilities.deleteGroupPicture) {
      it('removes a picture in one request, and a read then shows none', async () => {
        const group = freshGroup();
        expect((await session.fetch(group)).status).toBe('AVAILABLE');
        expect(await writeOutcome(session.delete(group))).toEqual({ kind: 'written', pictureId: null });
        expect(writes()).toHaveLength(1);
        expect(await spec.imageOnWire(writes()[0] as RecordedRequest)).toBeNull();
        expect(running.world.lookup(user(group))).toEqual({ kind: 'not-set' });
        const after = await session.fetch(group, { refresh: spec.readAfterWrite === 'with-refresh' });
        expect(after.url).toBeNull();
        expect(['NONE', 'NOT_SET']).toContain(after.status);
      });
    } else {
      it('refuses to remove a picture with NOT_SUPPORTED_BY_PROVIDER, without a request', async () => {
        expect(await writeCode(session.delete(freshGroup()))).toBe('NOT_SUPPORTED_BY_PROVIDER');
        expect(running.emulator.requests).toHaveLength(0);
      });
    }

    it("lets any member change an unlocked group's picture, and an admin a locked group's", async () => {
      const unlocked = freshGroup();
      running.world.setGroup(user(unlocked), { locked: false, admin: false });
      expect(await writeCode(session.set(unlocked, preferred()))).toBe('written');
      const locked = freshGroup();
      running.world.setGroup(user(locked), { locked: true, admin: true });
      expect(await writeCode(session.set(locked, preferred()))).toBe('written');
    });

    it.each([[401], [403]] as const)(
      "maps WhatsApp's refusal (%s) of a locked group to a member to NOT_GROUP_ADMIN, set or delete",
      async (code) => {
        running.world.notAllowedAs = code;
        const group = freshGroup();
        running.world.setGroup(user(group), { locked: true, admin: false });
        const outcome = await writeOutcome(session.set(group, preferred()));
        expect(outcome).toMatchObject({ kind: 'refused', code: 'NOT_GROUP_ADMIN' });
        expect(outcome.kind === 'refused' && outcome.message).toMatch(/admin/);
        if (spec.capabilities.deleteGroupPicture) {
          expect(await writeCode(session.delete(group))).toBe('NOT_GROUP_ADMIN');
        }
        expect(running.world.lookup(user(group)).kind).toBe('picture');
      },
    );

    it('maps a group this account is not in to GROUP_NOT_FOUND', async () => {
      const group = freshGroup();
      running.world.setGroup(user(group), { member: false });
      expect(await writeOutcome(session.set(group, preferred()))).toMatchObject({
        kind: 'refused',
        code: 'GROUP_NOT_FOUND',
        field: ['groupId'],
      });
      if (spec.capabilities.deleteGroupPicture) {
        expect(await writeCode(session.delete(group))).toBe('GROUP_NOT_FOUND');
      }
    });

    it(`maps WhatsApp's rate-overlimit to RATE_LIMITED${spec.throttleRetryAfterSeconds === null ? '' : ' with the provider’s Retry-After'}`, async () => {
      running.world.throttle();
      const outcome = await writeOutcome(session.set(freshGroup(), preferred()));
      expect(outcome).toMatchObject({ kind: 'refused', code: 'RATE_LIMITED' });
      const retryAt = outcome.kind === 'refused' ? outcome.retryAt : null;
      if (spec.throttleRetryAfterSeconds === null) {
        expect(retryAt).toBeNull();
      } else {
        expect(within(retryAt, Date.now() + spec.throttleRetryAfterSeconds * 1000)).toBe(true);
      }
    });

    it('maps an HTTP 429 with Retry-After to RATE_LIMITED with retryAt', async () => {
      running.emulator.inject({ kind: 'rate-limit', retryAfterSeconds: 7 }, { when: spec.isWrite });
      const outcome = await writeOutcome(session.set(freshGroup(), preferred()));
      expect(outcome).toMatchObject({ kind: 'refused', code: 'RATE_LIMITED' });
      expect(within(outcome.kind === 'refused' ? outcome.retryAt : null, Date.now() + 7_000)).toBe(true);
    });

    it.each(spec.capabilities.setGroupPicture.map((form) => [form]))(
      'maps an image WhatsApp cannot use (%s) to INVALID_IMAGE',
      async (form) => {
        const group = freshGroup();
        expect(await writeOutcome(session.set(group, invalidImageFor(form)))).toMatchObject({
          kind: 'refused',
          code: 'INVALID_IMAGE',
          field: ['image'],
        });
        expect(running.world.lookup(user(group)).kind).toBe('picture');
      },
    );

    it('never retries a write: a connection reset under it is one request and UPSTREAM_UNAVAILABLE', async () => {
      running.emulator.inject({ kind: 'reset' }, { when: spec.isWrite });
      expect(await writeCode(session.set(freshGroup(), preferred()))).toBe('AppError UPSTREAM_UNAVAILABLE');
      expect(running.emulator.requests).toHaveLength(1);
      if (spec.capabilities.deleteGroupPicture) {
        expect(await writeCode(session.delete(freshGroup()))).toBe('AppError UPSTREAM_UNAVAILABLE');
        expect(running.emulator.requests).toHaveLength(2);
      }
    });

    it('maps a wrong credential to UPSTREAM_AUTH_FAILED', async () => {
      const code = await withProvider(spec.env(running, { wrongCredential: true }), (wrong) =>
        writeCode(wrong.set(freshGroup(), preferred())),
      );
      expect(code).toBe('AppError UPSTREAM_AUTH_FAILED');
    });

    it('keeps credentials, URLs and upstream bodies out of every refusal and error', async () => {
      const secrets = spec.secrets(running);
      const outcomes: WriteOutcome[] = [];
      const attempt = async (group = freshGroup()) => outcomes.push(await writeOutcome(session.set(group, preferred())));
      // Upstream bodies that carry the secrets next to texts we map, and next to none.
      for (const message of ['not-authorized', 'item-not-found', 'rate-overlimit', 'not-acceptable', 'boom']) {
        running.emulator.inject(
          { kind: 'status', status: 500, body: { message: `${message} ${secrets.join(' ')}`, response: { message: [secrets.join(' ')] } } },
          { times: 1 },
        );
        await attempt();
      }
      running.emulator.inject({ kind: 'status', status: 502, body: secrets.join(' ') }, { times: 1 });
      await attempt();
      const unknown = freshGroup();
      running.world.setGroup(user(unknown), { member: false });
      await attempt(unknown);
      await withProvider(spec.env(running, { wrongCredential: true }), async (wrong) => {
        outcomes.push(await writeOutcome(wrong.set(freshGroup(), preferred())));
      });

      expect(outcomes.map((outcome) => outcome.kind)).not.toContain('written');
      const everything = JSON.stringify(outcomes);
      for (const secret of [...secrets, running.emulator.url, images.url('/'), '127.0.0.1']) {
        expect(everything).not.toContain(secret);
      }
    });
  });
}
