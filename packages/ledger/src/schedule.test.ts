import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BusinessDate, Money, Rate } from '@lending/kernel';
import { buildSchedule, levelPayment, type RepaymentMethod } from './schedule.js';

const cny = (amount: string) => Money.parseOrThrow(amount, 'CNY');
const table = (rows: ReturnType<typeof buildSchedule>) =>
  rows.map((r) => [
    r.number,
    r.dueDate.toString(),
    r.principalDue.format(),
    r.interestDue.format(),
  ]);

describe('EQUAL_INSTALLMENT', () => {
  it('12 000.00 CNY at 18 % over 12 months, disbursed 2026-01-15', () => {
    const rows = buildSchedule({
      principal: cny('12000.00'),
      annualRate: Rate.of('0.18'),
      termMonths: 12,
      method: 'EQUAL_INSTALLMENT',
      disbursedOn: BusinessDate.of(2026, 1, 15),
    });
    // payment = round(12000 * 0.015 / (1 - 1.015^-12)) = 1100.16
    expect(levelPayment(cny('12000.00'), Rate.of('0.18'), 12).format()).toBe('1100.16');
    expect(table(rows)).toEqual([
      [1, '2026-02-15', '920.16', '180.00'],
      [2, '2026-03-15', '933.96', '166.20'],
      [3, '2026-04-15', '947.97', '152.19'],
      [4, '2026-05-15', '962.19', '137.97'],
      [5, '2026-06-15', '976.62', '123.54'],
      [6, '2026-07-15', '991.27', '108.89'],
      [7, '2026-08-15', '1006.14', '94.02'],
      [8, '2026-09-15', '1021.23', '78.93'],
      [9, '2026-10-15', '1036.55', '63.61'],
      [10, '2026-11-15', '1052.10', '48.06'],
      [11, '2026-12-15', '1067.88', '32.28'],
      [12, '2027-01-15', '1083.93', '16.26'],
    ]);
  });
});

describe('EQUAL_PRINCIPAL', () => {
  it('1 000.00 CNY at 24 % over 3 months: the last instalment takes the rounding remainder', () => {
    const rows = buildSchedule({
      principal: cny('1000.00'),
      annualRate: Rate.of('0.24'),
      termMonths: 3,
      method: 'EQUAL_PRINCIPAL',
      disbursedOn: BusinessDate.of(2026, 1, 31),
    });
    expect(table(rows)).toEqual([
      [1, '2026-02-28', '333.33', '20.00'],
      [2, '2026-03-31', '333.33', '13.33'],
      [3, '2026-04-30', '333.34', '6.67'],
    ]);
  });
});

describe('INTEREST_ONLY_BULLET', () => {
  it('500.000 KWD (3 decimals): interest each month, principal at the end', () => {
    const rows = buildSchedule({
      principal: Money.parseOrThrow('500.000', 'KWD'),
      annualRate: Rate.of('0.1825'),
      termMonths: 3,
      method: 'INTEREST_ONLY_BULLET',
      disbursedOn: BusinessDate.of(2024, 1, 31),
    });
    // 500 * 0.1825 / 12 = 7.6041666… -> 7.604
    expect(table(rows)).toEqual([
      [1, '2024-02-29', '0.000', '7.604'],
      [2, '2024-03-31', '0.000', '7.604'],
      [3, '2024-04-30', '500.000', '7.604'],
    ]);
  });
});

describe('JPY (no minor unit)', () => {
  it('rounds half-even to whole yen', () => {
    const rows = buildSchedule({
      principal: Money.parseOrThrow('100000', 'JPY'),
      annualRate: Rate.of('0.15'),
      termMonths: 3,
      method: 'EQUAL_PRINCIPAL',
      disbursedOn: BusinessDate.of(2026, 3, 10),
    });
    expect(table(rows)).toEqual([
      [1, '2026-04-10', '33333', '1250'],
      [2, '2026-05-10', '33333', '833'],
      [3, '2026-06-10', '33334', '417'],
    ]);
  });
});

describe('properties', () => {
  const methods: RepaymentMethod[] = [
    'EQUAL_INSTALLMENT',
    'EQUAL_PRINCIPAL',
    'INTEREST_ONLY_BULLET',
  ];
  it('principals sum exactly to the loan, none is negative, and due dates follow the month-end rule', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10_000_000_00n }),
        fc.integer({ min: 0, max: 2400 }),
        fc.constantFrom(3, 6, 9, 12, 18, 24),
        fc.constantFrom(...methods),
        fc.integer({ min: 0, max: 3650 }),
        (minor, rateBp, n, method, dayOffset) => {
          const principal = Money.of(minor, 'CNY');
          const disbursedOn = BusinessDate.of(2024, 1, 1).addDays(dayOffset);
          const rows = buildSchedule({
            principal,
            annualRate: Rate.of((rateBp / 10000).toFixed(4)),
            termMonths: n,
            method,
            disbursedOn,
          });
          expect(rows).toHaveLength(n);
          expect(
            Money.sum(
              rows.map((r) => r.principalDue),
              'CNY',
            ).equals(principal),
          ).toBe(true);
          for (const [i, row] of rows.entries()) {
            expect(row.principalDue.isNegative()).toBe(false);
            expect(row.interestDue.isNegative()).toBe(false);
            expect(row.dueDate.equals(disbursedOn.addMonths(i + 1))).toBe(true);
            expect(row.dueDate.dayOfMonth).toBe(
              Math.min(disbursedOn.dayOfMonth, row.dueDate.daysInMonth),
            );
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
