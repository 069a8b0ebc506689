import { DomainError } from './errors.js';

/** Wall-clock time, injected so every time-dependent rule can be tested. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = {
  now: () => new Date(),
};

function validDate(date: Date | string): Date {
  const copy = new Date(date instanceof Date ? date.getTime() : date);
  if (Number.isNaN(copy.getTime()))
    throw new DomainError('INVALID_DATE', 'clock needs a valid date');
  return copy;
}

/** A clock that moves only when told to. Returns copies, so callers cannot move it by mutating a Date. */
export class FixedClock implements Clock {
  private current: Date;

  constructor(start: Date | string = '2026-01-01T00:00:00.000Z') {
    this.current = validDate(start);
  }

  now(): Date {
    return new Date(this.current.getTime());
  }

  set(date: Date | string): void {
    this.current = validDate(date);
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms))
      throw new DomainError('INVARIANT_VIOLATION', 'advance needs a finite number of ms');
    this.current = validDate(new Date(this.current.getTime() + ms));
  }
}
