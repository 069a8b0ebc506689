import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BusinessDate } from './business-date.js';
import { DomainError } from './errors.js';

const date = (text: string): BusinessDate => BusinessDate.parseOrThrow(text);
const FIRST_DAY = BusinessDate.of(1, 1, 1);
const LAST_DAY = BusinessDate.of(9999, 12, 31);
const dateArb = fc
  .integer({ min: FIRST_DAY.epochDay, max: LAST_DAY.epochDay })
  .map((epochDay) => BusinessDate.fromEpochDay(epochDay));

/** The one refusal for arithmetic that leaves years 1–9999: INVALID_DATE, not some other error. */
function expectOutOfRange(move: () => BusinessDate): void {
  expect(move).toThrow(DomainError);
  expect(move).toThrow(
    expect.objectContaining({ code: 'INVALID_DATE', message: 'date out of range (years 1–9999)' }),
  );
}

describe('BusinessDate.parse', () => {
  it.each(['2026-01-01', '2024-02-29', '2000-02-29', '0001-01-01', '9999-12-31', '1970-01-01'])(
    'accepts %s',
    (text) => {
      const result = BusinessDate.parse(text);
      expect(result.ok && result.value.toString()).toBe(text);
    },
  );

  it.each([
    '2026-02-30',
    '2025-02-29',
    '1900-02-29',
    '2026-04-31',
    '2026-13-01',
    '2026-00-10',
    '2026-01-00',
    '0000-01-01',
    '2026-2-3',
    '26-02-03',
    '2026-02-03T00:00:00Z',
    ' 2026-02-03',
    '2026-02-03 ',
    '2026/02/03',
    '+2026-02-03',
    '2026-02-0３',
    '',
  ])('rejects %j', (text) => {
    expect(BusinessDate.parse(text)).toMatchObject({
      ok: false,
      errors: [{ code: 'INVALID_DATE' }],
    });
  });

  it('of() throws on impossible dates', () => {
    expect(() => BusinessDate.of(2026, 2, 30)).toThrow(DomainError);
    expect(() => BusinessDate.of(2026, 1.5, 1)).toThrow(DomainError);
    expect(BusinessDate.of(2026, 3, 5).toString()).toBe('2026-03-05');
  });

  it('serialises as YYYY-MM-DD', () => {
    expect(JSON.stringify({ d: BusinessDate.of(2026, 3, 5) })).toBe('{"d":"2026-03-05"}');
    expect(BusinessDate.of(33, 1, 2).toString()).toBe('0033-01-02');
  });
});

describe('BusinessDate arithmetic', () => {
  it('adds months with the month-end rule', () => {
    const anchor = date('2024-01-31');
    expect(anchor.addMonths(1).toString()).toBe('2024-02-29');
    expect(anchor.addMonths(2).toString()).toBe('2024-03-31');
    expect(anchor.addMonths(3).toString()).toBe('2024-04-30');
    expect(anchor.addMonths(13).toString()).toBe('2025-02-28');
    expect(date('2025-01-31').addMonths(1).toString()).toBe('2025-02-28');
    expect(date('2024-03-31').addMonths(-1).toString()).toBe('2024-02-29');
    expect(date('2024-01-15').addMonths(-13).toString()).toBe('2022-12-15');
    expect(date('2024-12-31').addMonths(0).toString()).toBe('2024-12-31');
  });

  it('addMonths counts from this date; chaining loses the anchor unless anchorDay is given', () => {
    const chained = date('2024-01-31').addMonths(1).addMonths(1);
    expect(chained.toString()).toBe('2024-03-29');
    expect(date('2024-02-29').addMonths(1, 31).toString()).toBe('2024-03-31');
    expect(() => date('2024-02-29').addMonths(1, 32)).toThrow(DomainError);
    const schedule = [1, 2, 3, 4, 5, 6].map((k) => date('2025-08-31').addMonths(k).toString());
    expect(schedule).toEqual([
      '2025-09-30',
      '2025-10-31',
      '2025-11-30',
      '2025-12-31',
      '2026-01-31',
      '2026-02-28',
    ]);
  });

  it('adds days across month, year and leap boundaries', () => {
    expect(date('2024-02-28').addDays(1).toString()).toBe('2024-02-29');
    expect(date('2024-02-28').addDays(2).toString()).toBe('2024-03-01');
    expect(date('2025-12-31').addDays(1).toString()).toBe('2026-01-01');
    expect(date('2026-01-01').addDays(-1).toString()).toBe('2025-12-31');
    expect(date('2024-01-01').addDays(366).toString()).toBe('2025-01-01');
    expect(() => date('9999-12-31').addDays(1)).toThrow(DomainError);
    expect(() => date('2024-01-01').addDays(0.5)).toThrow(DomainError);
  });

  it('counts signed days', () => {
    expect(BusinessDate.daysBetween(date('2024-01-01'), date('2025-01-01'))).toBe(366);
    expect(BusinessDate.daysBetween(date('2025-01-01'), date('2024-01-01'))).toBe(-366);
    expect(date('2026-03-01').daysUntil(date('2026-03-31'))).toBe(30);
    expect(date('1970-01-01').epochDay).toBe(0);
    expect(date('2000-03-01').epochDay).toBe(11017);
  });

  it('compares', () => {
    const a = date('2026-03-01');
    const b = date('2026-03-02');
    expect(a.compare(b)).toBe(-1);
    expect(b.compare(a)).toBe(1);
    expect(a.compare(date('2026-03-01'))).toBe(0);
    expect(a.equals(date('2026-03-01'))).toBe(true);
    expect(a.isBefore(b) && b.isAfter(a)).toBe(true);
    expect(a.isOnOrBefore(a) && a.isOnOrAfter(a)).toBe(true);
    expect(BusinessDate.min(a, b)).toBe(a);
    expect(BusinessDate.max(a, b)).toBe(b);
  });

  it('knows its month', () => {
    expect(date('2024-02-10').daysInMonth).toBe(29);
    expect(date('2025-02-10').daysInMonth).toBe(28);
    expect(date('2025-04-10').daysInMonth).toBe(30);
    expect(date('2025-04-10').dayOfMonth).toBe(10);
    expect(date('2025-04-10').endOfMonth().toString()).toBe('2025-04-30');
    expect(date('2025-04-10').startOfMonth().toString()).toBe('2025-04-01');
    expect(date('2026-01-05').dayOfWeek).toBe(1); // Monday
    expect(date('2026-01-04').dayOfWeek).toBe(7); // Sunday
    expect(date('1969-12-31').dayOfWeek).toBe(3); // Wednesday
  });

  it('addDays and daysBetween round-trip; a day outside years 1–9999 is refused', () => {
    let refused = 0;
    fc.assert(
      fc.property(dateArb, fc.integer({ min: -100_000, max: 100_000 }), (start, days) => {
        const target = start.epochDay + days;
        if (target < FIRST_DAY.epochDay || target > LAST_DAY.epochDay) {
          refused += 1;
          expectOutOfRange(() => start.addDays(days));
          return;
        }
        const end = start.addDays(days);
        expect(BusinessDate.daysBetween(start, end)).toBe(days);
        expect(end.addDays(-days).equals(start)).toBe(true);
        expect(BusinessDate.parseOrThrow(end.toString()).equals(end)).toBe(true);
      }),
      { numRuns: 1000 },
    );
    // Both branches ran: ±100,000 days from a date within 274 years of either end leaves the range.
    expect(refused).toBeGreaterThan(0);
  });

  it('agrees with the JavaScript Date calendar in UTC', () => {
    fc.assert(
      fc.property(dateArb, (d) => {
        expect(new Date(d.epochDay * 86_400_000).toISOString().slice(0, 10)).toBe(d.toString());
      }),
      { numRuns: 1000 },
    );
  });

  it('addMonths never overshoots the target month and keeps the day when it can; a month outside years 1–9999 is refused', () => {
    let refused = 0;
    fc.assert(
      fc.property(dateArb, fc.integer({ min: -1200, max: 1200 }), (start, months) => {
        const targetYear = Math.floor((start.year * 12 + (start.month - 1) + months) / 12);
        if (targetYear < FIRST_DAY.year || targetYear > LAST_DAY.year) {
          refused += 1;
          expectOutOfRange(() => start.addMonths(months));
          return;
        }
        const moved = start.addMonths(months);
        expect(moved.year * 12 + moved.month - (start.year * 12 + start.month)).toBe(months);
        expect(moved.day).toBe(Math.min(start.day, moved.daysInMonth));
      }),
      { numRuns: 1000 },
    );
    expect(refused).toBeGreaterThan(0);
  });
});

describe('BusinessDate.fromInstant', () => {
  it('takes the civil date in the given time zone', () => {
    const instant = new Date('2026-03-31T16:30:00Z');
    expect(BusinessDate.fromInstant(instant, 'UTC').toString()).toBe('2026-03-31');
    expect(BusinessDate.fromInstant(instant, 'Asia/Shanghai').toString()).toBe('2026-04-01');
    expect(
      BusinessDate.fromInstant(new Date('2026-01-01T03:00:00Z'), 'America/New_York').toString(),
    ).toBe('2025-12-31');
    expect(
      BusinessDate.fromInstant(new Date('2024-02-29T23:59:59.999Z'), 'Etc/GMT+12').toString(),
    ).toBe('2024-02-29');
  });

  it('matches the UTC calendar for any instant in range', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1600-01-01T00:00:00Z'),
          max: new Date('9999-12-30T00:00:00Z'),
          noInvalidDate: true,
        }),
        (instant) => {
          expect(BusinessDate.fromInstant(instant, 'UTC').toString()).toBe(
            instant.toISOString().slice(0, 10),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses bad zones and invalid instants', () => {
    expect(() => BusinessDate.fromInstant(new Date(), 'Mars/Olympus')).toThrow(
      expect.objectContaining({ code: 'INVALID_TIME_ZONE' }),
    );
    expect(() => BusinessDate.fromInstant(new Date(NaN), 'UTC')).toThrow(
      expect.objectContaining({ code: 'INVALID_DATE' }),
    );
    expect(() => BusinessDate.fromInstant(new Date('1500-01-01T00:00:00Z'), 'UTC')).toThrow(
      expect.objectContaining({ code: 'INVALID_DATE' }),
    );
  });
});
