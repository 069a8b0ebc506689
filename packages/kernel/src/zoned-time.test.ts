import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BusinessDate } from './business-date.js';
import { instantAt, localTimeOf, startOfLocalDay } from './zoned-time.js';

const d = (text: string) => BusinessDate.parseOrThrow(text);
const hms = (h: number, m = 0, s = 0) => h * 3600 + m * 60 + s;

describe('zoned time', () => {
  it('reads the wall clock of an instant, DST included', () => {
    expect(localTimeOf(new Date('2026-01-15T00:00:00Z'), 'Asia/Shanghai')).toEqual({
      date: d('2026-01-15'),
      secondsOfDay: hms(8),
    });
    // New York: EST (UTC-5) in January, EDT (UTC-4) in July.
    expect(localTimeOf(new Date('2026-01-15T13:00:00Z'), 'America/New_York').secondsOfDay).toBe(
      hms(8),
    );
    expect(localTimeOf(new Date('2026-07-15T12:00:00Z'), 'America/New_York').secondsOfDay).toBe(
      hms(8),
    );
    expect(localTimeOf(new Date('2026-01-15T03:00:00Z'), 'America/New_York').date).toEqual(
      d('2026-01-14'),
    );
  });

  it('finds the instant of a wall time, and the first instant after a DST gap', () => {
    expect(instantAt(d('2026-01-15'), hms(8), 'Asia/Shanghai').toISOString()).toBe(
      '2026-01-15T00:00:00.000Z',
    );
    // 2026-03-08 02:00 EST jumps to 03:00 EDT: 02:30 does not exist.
    expect(instantAt(d('2026-03-08'), hms(2, 30), 'America/New_York').toISOString()).toBe(
      '2026-03-08T07:00:00.000Z',
    );
    // 2026-11-01 01:30 happens twice: the first (EDT) is taken.
    expect(instantAt(d('2026-11-01'), hms(1, 30), 'America/New_York').toISOString()).toBe(
      '2026-11-01T05:30:00.000Z',
    );
    expect(startOfLocalDay(d('2026-03-09'), 'America/New_York').toISOString()).toBe(
      '2026-03-09T04:00:00.000Z',
    );
    expect(instantAt(d('2026-03-08'), 86_400, 'America/New_York').toISOString()).toBe(
      '2026-03-09T04:00:00.000Z',
    );
  });

  it('round-trips every instant through its wall time outside DST overlaps', () => {
    const zones = ['Asia/Shanghai', 'America/New_York', 'Europe/London', 'UTC'];
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('2000-01-01T00:00:00Z'),
          max: new Date('2040-01-01T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.constantFrom(...zones),
        (instant, zone) => {
          const seconds = new Date(Math.floor(instant.getTime() / 1000) * 1000);
          const local = localTimeOf(seconds, zone);
          const back = instantAt(local.date, local.secondsOfDay, zone);
          // In a fall-back hour the wall time has two instants: the first is returned.
          expect(back.getTime() <= seconds.getTime()).toBe(true);
          expect(seconds.getTime() - back.getTime()).toBeLessThanOrEqual(3_600_000);
          expect(localTimeOf(back, zone)).toEqual(local);
        },
      ),
    );
  });

  it('refuses an unknown zone and a time of day out of range', () => {
    expect(() => localTimeOf(new Date(), 'Mars/Olympus')).toThrow(
      expect.objectContaining({ code: 'INVALID_TIME_ZONE' }),
    );
    expect(() => instantAt(d('2026-01-01'), -1, 'UTC')).toThrow(
      expect.objectContaining({ code: 'INVALID_DATE' }),
    );
  });
});
