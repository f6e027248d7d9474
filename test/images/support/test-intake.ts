import { expect } from 'vitest';
import { Refusal, type RefusalCode } from '../../../src/errors.js';
import { ImageIntake, type ImageIntakeOptions } from '../../../src/images/image-intake.js';
import { LoopbackGuard } from './loopback-guard.js';
import { StubDns } from './stub-dns.js';

export interface TestIntake {
  readonly intake: ImageIntake;
  readonly guard: LoopbackGuard;
  readonly dns: StubDns;
}

const opened: ImageIntake[] = [];

/**
 * An intake with small limits, stubbed DNS (`names`) and the loopback guard. Every test builds its
 * own, so recorded sockets and DNS questions belong to that test alone.
 */
export function testIntake(
  options: Partial<Omit<ImageIntakeOptions, 'allowHosts'>> & {
    readonly allowHosts?: readonly string[];
    readonly names?: Readonly<Record<string, readonly string[]>>;
  } = {},
): TestIntake {
  const { names, allowHosts, ...limits } = options;
  const guard = new LoopbackGuard();
  const dns = new StubDns(names);
  const intake = new ImageIntake({
    maxBytes: 256 * 1024,
    maxPixels: 4_000_000,
    connectTimeoutMs: 1_000,
    fetchTimeoutMs: 3_000,
    resolve: dns.resolve,
    connect: guard.connect,
    ...limits,
    allowHosts: new Set(allowHosts ?? []),
  });
  opened.push(intake);
  return { intake, guard, dns };
}

export async function closeTestIntakes(): Promise<void> {
  await Promise.all(opened.splice(0).map((intake) => intake.close()));
}

/** The Refusal `promise` rejects with, and how long that took; fails the test on anything else. */
export async function refusal(
  promise: Promise<unknown>,
): Promise<{ readonly code: RefusalCode; readonly message: string; readonly ms: number }> {
  const started = performance.now();
  const error = await promise.then(
    () => new Error('expected a Refusal, got a result'),
    (reason: unknown) => reason,
  );
  const ms = performance.now() - started;
  expect(error).toBeInstanceOf(Refusal);
  const { code, message, field } = error as Refusal;
  // The intake never sets the field: the resolver knows which input the image came from.
  expect(field).toBeNull();
  return { code, message, ms };
}
