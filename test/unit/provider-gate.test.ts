import { beforeEach, describe, expect, it } from 'vitest';
import { UPSTREAM_DEFAULTS } from '../../src/config/resilience.js';
import { AppError, Refusal } from '../../src/errors.js';
import { parseJid } from '../../src/pictures/jid.js';
import { notAPictureAnswer, NOT_SET } from '../../src/providers/answers.js';
import type { ProviderPicture } from '../../src/providers/provider.js';
import type { CallLabels, CallObserver } from '../../src/resilience/call-observer.js';
import { ProviderGate, type GatePolicy } from '../../src/resilience/provider-gate.js';
import type { Session } from '../../src/session.js';
import { FakeProvider } from '../support/fake-provider.js';
import { capturingLogger, type CapturingLogger } from '../support/silent-logger.js';

const JID = parseJid('15550000001@c.us');

/** What the gate told its observer, flattened for assertions. */
class RecordingObserver implements CallObserver {
  readonly events: string[] = [];
  attemptStarted(): void {}
  attemptFinished(labels: CallLabels, outcome: string): void {
    this.events.push(`${labels.operation}:${outcome}`);
  }
  rejected(labels: CallLabels, reason: string): void {
    this.events.push(`${labels.operation}:rejected:${reason}`);
  }
  retry(_: CallLabels, decision: string): void {
    this.events.push(`retry:${decision}`);
  }
  breakerChanged(_: Omit<CallLabels, 'operation'>, state: string): void {
    this.events.push(`breaker:${state}`);
  }
}

async function outcome(call: Promise<unknown>): Promise<AppError | Refusal | 'ok'> {
  try {
    await call;
    return 'ok';
  } catch (error) {
    if (error instanceof AppError || error instanceof Refusal) {
      return error;
    }
    throw error;
  }
}

function transient(): AppError {
  return new AppError('UPSTREAM_UNAVAILABLE', 'Provider failed to answer (HTTP 503)', { transient: true });
}

describe('ProviderGate', () => {
  let provider: FakeProvider;
  let session: Session;
  let clock: { now: number };
  let observer: RecordingObserver;
  let logger: CapturingLogger;

  function gate(options: { policy?: Partial<GatePolicy>; timeoutMs?: number; concurrency?: number } = {}): ProviderGate {
    return new ProviderGate({
      concurrency: options.concurrency ?? 4,
      timeoutMs: options.timeoutMs ?? 2_000,
      policy: { ...UPSTREAM_DEFAULTS, ...options.policy },
      observer,
      logger,
      now: () => clock.now,
    });
  }

  const read = (subject: ProviderGate) =>
    subject.read(session, (signal) => provider.fetchPicture({ jid: JID, preview: false, refresh: false, signal }));
  const write = (subject: ProviderGate) =>
    subject.write(session, 'delete_group_picture', (signal) => provider.deleteGroupPicture({ jid: JID, signal }));

  beforeEach(() => {
    provider = new FakeProvider();
    session = { name: 'sales', identity: 'fake|sales', provider };
    clock = { now: 1_000_000 };
    observer = new RecordingObserver();
    logger = capturingLogger();
  });

  describe('retries', () => {
    it('asks once more for a read that failed for the moment, when the budget allows', async () => {
      const subject = gate({ policy: { retryBudgetPercent: 100 } });
      let calls = 0;
      provider.answer = () => {
        calls += 1;
        if (calls === 1) {
          throw transient();
        }
        return NOT_SET;
      };
      expect(await outcome(read(subject))).toBe('ok');
      expect(provider.calls).toHaveLength(2);
      expect(observer.events).toEqual(['fetch_picture:unavailable', 'retry:retried', 'fetch_picture:ok']);
    });

    it('never retries a write, nor a read that failed for good', async () => {
      const subject = gate({ policy: { retryBudgetPercent: 100 } });
      provider.deleteAnswer = () => {
        throw transient();
      };
      expect(await outcome(write(subject))).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
      expect(provider.writes).toHaveLength(1);
      provider.answer = () => {
        throw new AppError('UPSTREAM_UNAVAILABLE', 'Provider failed to answer (HTTP 500)');
      };
      await outcome(read(subject));
      expect(provider.calls).toHaveLength(1);
    });

    it('does not retry when the deadline leaves less time than the failed attempt took', async () => {
      // 600 ms of a 1 s deadline: 400 ms would be left, less than the attempt took.
      const subject = gate({ policy: { retryBudgetPercent: 100 }, timeoutMs: 1_000 });
      provider.delayMs = 600;
      provider.answer = () => {
        throw transient();
      };
      expect(await outcome(read(subject))).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
      expect(provider.calls).toHaveLength(1);
      expect(observer.events).toContain('retry:no_time');
    });

    it('retries at most the budget: 20 % of the reads', async () => {
      const subject = gate();
      provider.answer = () => {
        throw transient();
      };
      for (let index = 0; index < 9; index += 1) {
        await outcome(read(subject));
      }
      const retried = observer.events.filter((event) => event === 'retry:retried').length;
      expect(retried).toBe(1);
      expect(observer.events.filter((event) => event === 'retry:over_budget')).toHaveLength(8);
      expect(provider.calls).toHaveLength(10);
    });
  });

  describe('breaker', () => {
    async function trip(subject: ProviderGate): Promise<void> {
      provider.answer = () => {
        throw new AppError('UPSTREAM_UNAVAILABLE', 'Provider failed to answer (HTTP 500)');
      };
      for (let index = 0; index < UPSTREAM_DEFAULTS.breaker.minCalls; index += 1) {
        await outcome(read(subject));
      }
      expect(subject.health(session).breaker).toBe('open');
    }

    it('counts answers, write refusals, refused credentials, a session that is down and rate limits as no failure', async () => {
      const subject = gate({ policy: { rateLimitPauseMs: 0 } });
      const answers: Array<() => ProviderPicture> = [
        () => NOT_SET,
        () => {
          throw new AppError('UPSTREAM_AUTH_FAILED', 'refused our credentials (HTTP 401)');
        },
        () => {
          throw new AppError('SESSION_NOT_READY', 'not logged in');
        },
        () => {
          throw new AppError('UPSTREAM_RATE_LIMITED', 'rate limiting');
        },
      ];
      for (const answer of answers) {
        provider.answer = answer;
        for (let index = 0; index < 12; index += 1) {
          await outcome(read(subject));
        }
      }
      provider.deleteAnswer = () => {
        throw new Refusal('NOT_GROUP_ADMIN', 'not an admin');
      };
      for (let index = 0; index < 12; index += 1) {
        await outcome(write(subject));
      }
      expect(subject.health(session).breaker).toBe('closed');
    });

    it('opens on timeouts, 5xx and garbage answers alike', async () => {
      const subject = gate({ timeoutMs: 50 });
      const failures: Array<() => ProviderPicture | Promise<ProviderPicture>> = [
        () => new Promise<never>(() => {}),
        () => {
          throw new AppError('UPSTREAM_UNAVAILABLE', 'HTTP 500');
        },
        () => {
          throw notAPictureAnswer('Provider', 200);
        },
      ];
      for (let index = 0; index < 10; index += 1) {
        provider.answer = failures[index % 3] as () => ProviderPicture;
        await outcome(read(subject));
      }
      expect(subject.health(session).breaker).toBe('open');
      expect(observer.events).toEqual(
        expect.arrayContaining(['fetch_picture:timeout', 'fetch_picture:unavailable', 'fetch_picture:bad_answer']),
      );
    });

    it('fails reads and writes fast while open, without calling, and says so before a write prepares anything', async () => {
      const subject = gate();
      await trip(subject);
      const calls = provider.calls.length;
      expect(await outcome(read(subject))).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
      expect(await outcome(write(subject))).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
      expect(() => subject.admit(session, 'set_group_picture')).toThrow(AppError);
      expect(provider.calls).toHaveLength(calls);
      expect(provider.writes).toHaveLength(0);
      expect(observer.events.filter((event) => event.endsWith('rejected:breaker_open'))).toHaveLength(3);
    });

    it('lets the configured probes through after the open period, never retries them, and closes on success', async () => {
      const subject = gate({ policy: { retryBudgetPercent: 100 } });
      await trip(subject);
      clock.now += UPSTREAM_DEFAULTS.breaker.openMs;
      const before = provider.calls.length;
      let release!: () => void;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      provider.answer = async () => {
        await held;
        throw transient();
      };
      const probes = [read(subject), read(subject), read(subject)].map(outcome);
      const third = await probes[2];
      expect(third).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
      expect(provider.calls.length - before).toBe(UPSTREAM_DEFAULTS.breaker.halfOpenProbes);
      release();
      await Promise.all(probes);
      // Failed probes: open again, and neither was retried.
      expect(subject.health(session).breaker).toBe('open');
      expect(provider.calls.length - before).toBe(2);
      clock.now += UPSTREAM_DEFAULTS.breaker.openMs;
      provider.answer = () => NOT_SET;
      expect(await outcome(read(subject))).toBe('ok');
      expect(subject.health(session).breaker).toBe('closed');
      expect(observer.events.filter((event) => event.startsWith('breaker:'))).toEqual([
        'breaker:open',
        'breaker:half_open',
        'breaker:open',
        'breaker:half_open',
        'breaker:closed',
      ]);
    });
  });

  describe('pauses', () => {
    it('pauses the session until the Retry-After of a 429: reads say UPSTREAM_RATE_LIMITED with when, writes RATE_LIMITED, and nothing is called', async () => {
      const subject = gate();
      const retryAt = new Date(clock.now + 4_000);
      provider.answer = () => {
        throw new AppError('UPSTREAM_RATE_LIMITED', 'rate limiting', { retryAt });
      };
      const first = await outcome(read(subject));
      expect(first).toMatchObject({
        code: 'UPSTREAM_RATE_LIMITED',
        retryAt,
        extensions: { retryAt: retryAt.toISOString(), retryAfterSeconds: 4 },
      });
      clock.now += 3_000;
      expect(await outcome(read(subject))).toMatchObject({
        code: 'UPSTREAM_RATE_LIMITED',
        extensions: { retryAt: retryAt.toISOString(), retryAfterSeconds: 1 },
      });
      const refused = await outcome(write(subject));
      expect(refused).toBeInstanceOf(Refusal);
      expect(refused).toMatchObject({ code: 'RATE_LIMITED', retryAt });
      expect(() => subject.admit(session, 'delete_group_picture')).toThrow(Refusal);
      expect(provider.calls).toHaveLength(1);
      expect(provider.writes).toHaveLength(0);
      expect(subject.health(session)).toEqual({ breaker: 'closed', pausedUntil: retryAt });
      clock.now += 1_000;
      provider.answer = () => NOT_SET;
      expect(await outcome(read(subject))).toBe('ok');
      expect(subject.health(session).pausedUntil).toBeNull();
    });

    it('pauses for the default after a 429 without Retry-After, for a 503 with one, and never longer than the maximum', async () => {
      const subject = gate({ policy: { rateLimitPauseMs: 5_000, maxPauseMs: 60_000 } });
      provider.answer = () => {
        throw new AppError('UPSTREAM_RATE_LIMITED', 'rate limiting');
      };
      await outcome(read(subject));
      expect(subject.health(session).pausedUntil?.getTime()).toBe(clock.now + 5_000);
      clock.now += 5_000;
      provider.answer = () => {
        throw new AppError('UPSTREAM_UNAVAILABLE', 'HTTP 503', { retryAt: new Date(clock.now + 86_400_000) });
      };
      expect(await outcome(read(subject))).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', extensions: { retryAfterSeconds: 60 } });
      expect(subject.health(session).pausedUntil?.getTime()).toBe(clock.now + 60_000);
    });

    it("keeps a call that queued behind the session's limit from going out once the provider asked for a pause", async () => {
      const subject = gate({ concurrency: 1 });
      let release!: () => void;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      provider.answer = async () => {
        await held;
        throw new AppError('UPSTREAM_RATE_LIMITED', 'rate limiting', { retryAt: new Date(clock.now + 10_000) });
      };
      const first = outcome(read(subject));
      const queued = outcome(read(subject));
      release();
      expect(await first).toMatchObject({ code: 'UPSTREAM_RATE_LIMITED' });
      expect(await queued).toMatchObject({ code: 'UPSTREAM_RATE_LIMITED', extensions: { retryAfterSeconds: 10 } });
      expect(provider.calls).toHaveLength(1);
    });

    it('leaves a write refusal for one group to the writer: it does not pause the session', async () => {
      const subject = gate();
      provider.deleteAnswer = () => {
        throw new Refusal('RATE_LIMITED', 'rate-overlimit', { retryAt: new Date(clock.now + 10_000) });
      };
      await outcome(write(subject));
      expect(subject.health(session).pausedUntil).toBeNull();
    });
  });

  it('logs every failed call once, with provider, session, operation, outcome and duration, and no JID', async () => {
    const subject = gate({ policy: { retryBudgetPercent: 100 } });
    provider.answer = () => {
      throw transient();
    };
    await outcome(read(subject));
    provider.answer = () => NOT_SET;
    await outcome(read(subject));
    const failures = logger.lines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line.message === 'provider call failed');
    expect(failures).toHaveLength(2);
    for (const [index, line] of failures.entries()) {
      expect(line).toMatchObject({
        level: 'warn',
        provider: 'fake',
        session: 'sales',
        operation: 'fetch_picture',
        outcome: 'unavailable',
        attempt: index + 1,
        code: 'UPSTREAM_UNAVAILABLE',
      });
      expect(typeof line.ms).toBe('number');
    }
    expect(JSON.stringify(logger.lines)).not.toContain('15550000001');
  });

  it('keeps sessions apart: one session open or paused leaves another alone', async () => {
    const subject = gate();
    const other: Session = { name: 'support', identity: 'fake|support', provider: new FakeProvider() };
    provider.answer = () => {
      throw new AppError('UPSTREAM_RATE_LIMITED', 'rate limiting', { retryAt: new Date(clock.now + 4_000) });
    };
    await outcome(read(subject));
    expect(subject.health(session).pausedUntil).not.toBeNull();
    expect(subject.health(other)).toEqual({ breaker: 'closed', pausedUntil: null });
    expect(
      await outcome(subject.read(other, (signal) => other.provider.fetchPicture({ jid: JID, preview: false, refresh: false, signal }))),
    ).toBe('ok');
  });
});
