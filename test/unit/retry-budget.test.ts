import { describe, expect, it } from 'vitest';
import { RetryBudget } from '../../src/resilience/retry-budget.js';
import { SlidingCounts } from '../../src/resilience/sliding-window.js';

describe('RetryBudget', () => {
  it('allows retries up to the percentage of the reads in the window, and not one more', () => {
    const budget = new RetryBudget({ percent: 20, windowMs: 10_000, now: () => 0 });
    let granted = 0;
    for (let call = 1; call <= 100; call += 1) {
      budget.recordCall();
      // Every read wants a retry: the budget is all that holds them back.
      if (budget.tryRetry()) {
        granted += 1;
      }
      expect(granted * 100).toBeLessThanOrEqual(call * 20);
    }
    expect(granted).toBe(20);
  });

  it('has no reserve: a session needs five reads before its first retry at 20 %', () => {
    const budget = new RetryBudget({ percent: 20, windowMs: 10_000, now: () => 0 });
    for (let call = 1; call <= 4; call += 1) {
      budget.recordCall();
      expect(budget.tryRetry()).toBe(false);
    }
    budget.recordCall();
    expect(budget.tryRetry()).toBe(true);
  });

  it('never retries at 0 %', () => {
    const budget = new RetryBudget({ percent: 0, windowMs: 10_000, now: () => 0 });
    for (let call = 0; call < 50; call += 1) {
      budget.recordCall();
    }
    expect(budget.tryRetry()).toBe(false);
  });

  it('counts over a sliding window: old reads stop paying for new retries', () => {
    const clock = { now: 0 };
    const budget = new RetryBudget({ percent: 20, windowMs: 10_000, now: () => clock.now });
    for (let call = 0; call < 10; call += 1) {
      budget.recordCall();
    }
    expect(budget.tryRetry()).toBe(true);
    clock.now = 10_000;
    budget.recordCall();
    expect(budget.tryRetry()).toBe(false);
  });
});

describe('SlidingCounts', () => {
  it('drops counts a tenth of the window at a time', () => {
    const clock = { now: 0 };
    const counts = new SlidingCounts<'calls'>({ windowMs: 1_000, now: () => clock.now });
    counts.add('calls');
    clock.now = 500;
    counts.add('calls', 2);
    expect(counts.count('calls')).toBe(3);
    clock.now = 999;
    expect(counts.count('calls')).toBe(3);
    clock.now = 1_000;
    expect(counts.count('calls')).toBe(2);
    clock.now = 1_500;
    expect(counts.count('calls')).toBe(0);
  });
});
