import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../../src/cache/circuit-breaker.js';

describe('CircuitBreaker', () => {
  it('opens after the threshold of failures in a row, then lets one probe through', () => {
    let now = 0;
    const breaker = new CircuitBreaker({ failureThreshold: 3, openMs: 1_000, now: () => now });
    breaker.failed();
    breaker.failed();
    expect(breaker.allows()).toBe(true);
    breaker.failed();
    expect(breaker.state).toBe('open');
    expect(breaker.allows()).toBe(false);
    now = 1_000;
    expect(breaker.state).toBe('half-open');
    expect(breaker.allows()).toBe(true);
    expect(breaker.allows()).toBe(false);
    breaker.succeeded();
    expect(breaker.state).toBe('closed');
    expect(breaker.allows()).toBe(true);
  });

  it('opens again when the probe fails', () => {
    let now = 0;
    const breaker = new CircuitBreaker({ failureThreshold: 1, openMs: 500, now: () => now });
    breaker.failed();
    now = 500;
    expect(breaker.allows()).toBe(true);
    breaker.failed();
    expect(breaker.state).toBe('open');
    now = 999;
    expect(breaker.allows()).toBe(false);
  });

  it('forgets failures once a call succeeds', () => {
    const breaker = new CircuitBreaker({ failureThreshold: 2, openMs: 500 });
    breaker.failed();
    breaker.succeeded();
    breaker.failed();
    expect(breaker.state).toBe('closed');
  });
});
