import { describe, expect, it } from 'vitest';
import type { BreakerSettings } from '../../src/config/resilience.js';
import {
  FailureRateBreaker,
  type BreakerPermit,
  type BreakerState,
  type BreakerVerdict,
} from '../../src/resilience/failure-rate-breaker.js';

const SETTINGS: BreakerSettings = { failureRatePercent: 50, minCalls: 4, windowMs: 10_000, openMs: 5_000, halfOpenProbes: 2 };

function breaker(settings: Partial<BreakerSettings> = {}) {
  const clock = { now: 0 };
  const changes: BreakerState[] = [];
  const subject = new FailureRateBreaker({ ...SETTINGS, ...settings }, { now: () => clock.now, onChange: (state) => changes.push(state) });
  const call = (verdict: BreakerVerdict): void => {
    const permit = subject.acquire();
    if (permit === null) {
      throw new Error('refused');
    }
    subject.record(permit, verdict);
  };
  return { subject, clock, changes, call };
}

function permit(subject: FailureRateBreaker): BreakerPermit {
  const given = subject.acquire();
  if (given === null) {
    throw new Error('expected a permit');
  }
  return given;
}

describe('FailureRateBreaker', () => {
  it('stays closed below the minimum number of calls, however many of them fail', () => {
    const { subject, call } = breaker();
    call('failure');
    call('failure');
    call('failure');
    expect(subject.state).toBe('closed');
  });

  it('opens once the window holds the minimum of calls and the failure rate reaches the threshold', () => {
    const { subject, call, changes } = breaker();
    call('success');
    call('failure');
    call('success');
    expect(subject.state).toBe('closed');
    call('failure');
    expect(subject.state).toBe('open');
    expect(subject.acquire()).toBeNull();
    expect(subject.refuses()).toBe(true);
    expect(changes).toEqual(['open']);
  });

  it('stays closed while failures stay under the rate', () => {
    const { subject, call } = breaker();
    for (let index = 0; index < 30; index += 1) {
      call(index % 3 === 2 ? 'failure' : 'success');
    }
    expect(subject.state).toBe('closed');
  });

  it('forgets calls that have left the sliding window', () => {
    const { subject, call, clock } = breaker();
    call('failure');
    call('failure');
    call('failure');
    clock.now = 10_000;
    call('failure');
    // Only one failure is still in the window: below the minimum of calls.
    expect(subject.state).toBe('closed');
  });

  it('lets no neutral verdict count: rate limits and refused credentials neither open nor close it', () => {
    const { subject, call } = breaker();
    for (let index = 0; index < 10; index += 1) {
      call('neutral');
    }
    call('failure');
    expect(subject.state).toBe('closed');
  });

  it('lets at most the configured probes through once the open period is over; the first success closes it', () => {
    const { subject, call, clock, changes } = breaker();
    for (let index = 0; index < 4; index += 1) {
      call('failure');
    }
    clock.now = 4_999;
    expect(subject.state).toBe('open');
    expect(subject.openUntil?.getTime()).toBe(5_000);
    clock.now = 5_000;
    expect(subject.state).toBe('half_open');
    const first = permit(subject);
    const second = permit(subject);
    expect([first.probe, second.probe]).toEqual([true, true]);
    expect(subject.acquire()).toBeNull();
    expect(subject.refuses()).toBe(true);
    subject.record(first, 'success');
    expect(subject.state).toBe('closed');
    // The other probe finishing late changes nothing, and the new window starts clean.
    subject.record(second, 'failure');
    call('failure');
    call('failure');
    call('failure');
    expect(subject.state).toBe('closed');
    expect(changes).toEqual(['open', 'half_open', 'closed']);
  });

  it('opens again for a full period when a probe fails', () => {
    const { subject, call, clock } = breaker();
    for (let index = 0; index < 4; index += 1) {
      call('failure');
    }
    clock.now = 5_000;
    subject.record(permit(subject), 'failure');
    expect(subject.state).toBe('open');
    clock.now = 9_999;
    expect(subject.state).toBe('open');
    clock.now = 10_000;
    expect(subject.state).toBe('half_open');
  });

  it('gives a neutral probe its slot back without deciding', () => {
    const { subject, call, clock } = breaker({ halfOpenProbes: 1 });
    for (let index = 0; index < 4; index += 1) {
      call('failure');
    }
    clock.now = 5_000;
    const probe = permit(subject);
    expect(subject.acquire()).toBeNull();
    subject.record(probe, 'neutral');
    expect(subject.state).toBe('half_open');
    expect(subject.acquire()).not.toBeNull();
  });

  it('ignores a call that started before it opened and finishes after', () => {
    const { subject, call } = breaker();
    const slow = permit(subject);
    for (let index = 0; index < 4; index += 1) {
      call('failure');
    }
    subject.record(slow, 'success');
    expect(subject.state).toBe('open');
  });
});
