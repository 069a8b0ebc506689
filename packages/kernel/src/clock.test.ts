import { describe, expect, it } from 'vitest';
import { FixedClock, systemClock } from './clock.js';
import { DomainError } from './errors.js';

describe('clocks', () => {
  it('FixedClock moves only when told', () => {
    const clock = new FixedClock('2026-03-01T00:00:00Z');
    expect(clock.now().toISOString()).toBe('2026-03-01T00:00:00.000Z');
    clock.advance(90_000);
    expect(clock.now().toISOString()).toBe('2026-03-01T00:01:30.000Z');
    clock.set(new Date('2027-01-01T08:00:00Z'));
    expect(clock.now().toISOString()).toBe('2027-01-01T08:00:00.000Z');
  });

  it('FixedClock hands out copies', () => {
    const clock = new FixedClock(new Date('2026-03-01T00:00:00Z'));
    clock.now().setUTCFullYear(1999);
    expect(clock.now().toISOString()).toBe('2026-03-01T00:00:00.000Z');
  });

  it('FixedClock refuses invalid dates', () => {
    expect(() => new FixedClock('not a date')).toThrow(DomainError);
    expect(() => {
      new FixedClock().advance(Number.NaN);
    }).toThrow(DomainError);
  });

  it('systemClock reads the wall clock', () => {
    const before = Date.now();
    const now = systemClock.now().getTime();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });
});
