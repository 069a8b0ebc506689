import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { borrowerFactory } from '@lending/borrowers/testing';
import { getBusinessDate, queryRows } from '@lending/db';
import type { JobContext } from '@lending/jobs';
import { BusinessDate, FixedClock, Money, toGlobalId } from '@lending/kernel';
import { drawdown } from '@lending/ledger';
import { creditLineFactory } from '@lending/ledger/testing';
import { createTestDb, type TestDb } from '@lending/testing';
import {
  BusinessCalendarMode,
  businessCalendarStatus,
  closeOfBusinessJob,
  runCloseOfBusiness,
  type BusinessCalendar,
} from '../src/index.js';

// Issue 22: the business date follows the calendar. Moving it to day X runs day X's
// work, so under `calendar` it goes no further than today in the lender's zone, by
// the run itself and by the job, however the job was queued.

let handle: TestDb;
const clock = new FixedClock('2026-12-04T15:00:00Z');
const d = (s: string) => BusinessDate.parseOrThrow(s);
const SHANGHAI: BusinessCalendar = {
  mode: BusinessCalendarMode.CALENDAR,
  timeZone: 'Asia/Shanghai',
};
const NEW_YORK: BusinessCalendar = {
  mode: BusinessCalendarMode.CALENDAR,
  timeZone: 'America/New_York',
};
const SIMULATED: BusinessCalendar = {
  mode: BusinessCalendarMode.SIMULATED,
  timeZone: 'Asia/Shanghai',
};
const ctx = (createdAt: string): JobContext => ({
  db: handle.db,
  clock,
  jobId: '0191f3a2-7b4c-7def-8123-456789012345',
  createdAt: new Date(createdAt),
  progress: () => Promise.resolve(),
});

beforeAll(async () => {
  handle = await createTestDb({
    businessDate: '2026-12-03',
    now: new Date('2026-12-03T09:00:00Z'),
  });
  for (const name of ['a', 'b']) {
    const b = await borrowerFactory(handle.db, { displayName: name });
    const line = await creditLineFactory(handle.db, b.id);
    const loan = await drawdown(
      { db: handle.db, clock },
      { id: toGlobalId('Borrower', b.id), borrowerId: b.id },
      {
        creditLineId: line.id,
        amount: Money.parseOrThrow('1000.00', 'CNY'),
        termMonths: 3,
        repaymentMethod: 'EQUAL_PRINCIPAL',
        idempotencyKey: name,
      },
    );
    if (!loan.ok) throw new Error(loan.errors[0].code);
  }
});
afterAll(() => handle.close());

/** Each day closed, in order, with its loans; and the accrual entries of each day. */
async function closedDays() {
  const days = await queryRows<{ day: string; loans: number }>(
    handle.db,
    sql`select business_date::text as day, loans_processed as loans
        from close_of_business_days order by business_date`,
  );
  const accruals = await queryRows<{ day: string; n: number }>(
    handle.db,
    sql`select business_date::text as day, count(*)::int as n from journal_entries
        where kind = 'ACCRUAL' group by business_date order by business_date`,
  );
  return { days: days.map((r) => [r.day, r.loans]), accruals: accruals.map((r) => [r.day, r.n]) };
}

describe('under the calendar business calendar', () => {
  it('refuses a date after today in the zone, closing nothing', async () => {
    // 23:00 on 4 December in Shanghai: the 4th has not ended, so the 5th cannot open.
    for (const target of ['2026-12-05', '2027-06-30']) {
      expect(await runCloseOfBusiness(handle.db, clock, d(target), { calendar: SHANGHAI })).toEqual(
        {
          ok: false,
          errors: [
            {
              code: 'DATE_IN_THE_FUTURE',
              message:
                'Today is 2026-12-04 in Asia/Shanghai: close of business closes only days that have ended, so the business date can move at most to 2026-12-04.',
              field: ['businessDate'],
            },
          ],
        },
      );
    }
    expect(await getBusinessDate(handle.db)).toBe('2026-12-03');
    expect(await closedDays()).toEqual({ days: [], accruals: [] });
  });

  it('moves to today once midnight has passed in the zone, day by day', async () => {
    clock.set('2026-12-04T16:30:00Z'); // 00:30 on the 5th in Shanghai
    expect(await businessCalendarStatus(handle.db, clock, SHANGHAI)).toEqual({
      mode: 'calendar',
      timeZone: 'Asia/Shanghai',
      today: d('2026-12-05'),
      businessDate: d('2026-12-03'),
      daysAhead: -2,
    });
    expect(
      await runCloseOfBusiness(handle.db, clock, d('2026-12-05'), { calendar: SHANGHAI }),
    ).toMatchObject({ ok: true, value: { daysClosed: 2, loansProcessed: 4 } });
    expect(await closedDays()).toEqual({
      days: [
        ['2026-12-04', 2],
        ['2026-12-05', 2],
      ],
      accruals: [
        ['2026-12-04', 2],
        ['2026-12-05', 2],
      ],
    });
  });

  it('on a schedule, closes through today in the calendar zone when the schedule fired, never tomorrow', async () => {
    // Fired at 22:30 UTC on 7 December: 17:30 on the 7th in New York, 06:30 on the 8th in Shanghai.
    clock.set('2026-12-07T22:31:00Z');
    const scheduled = { scheduled: { timeZone: 'UTC' } };
    const inNewYork = closeOfBusinessJob(NEW_YORK);
    expect(await inNewYork.run(ctx('2026-12-07T22:30:00Z'), inNewYork.parse(scheduled))).toEqual({
      businessDate: '2026-12-07',
      daysClosed: 2,
      loansProcessed: 4,
    });
    const inShanghai = closeOfBusinessJob(SHANGHAI);
    expect(await inShanghai.run(ctx('2026-12-07T22:30:00Z'), inShanghai.parse(scheduled))).toEqual({
      businessDate: '2026-12-08',
      daysClosed: 1,
      loansProcessed: 2,
    });
    // The same firing again (a second worker, a retry) finds today closed.
    expect(await inShanghai.run(ctx('2026-12-07T22:30:00Z'), inShanghai.parse(scheduled))).toEqual({
      businessDate: '2026-12-08',
      daysClosed: 0,
      loansProcessed: 0,
    });
    expect(await getBusinessDate(handle.db)).toBe('2026-12-08');
    expect((await closedDays()).days).toEqual([
      ['2026-12-04', 2],
      ['2026-12-05', 2],
      ['2026-12-06', 2],
      ['2026-12-07', 2],
      ['2026-12-08', 2],
    ]);
  });

  it('refuses in the worker a job for a date after today, however it was queued', async () => {
    const job = closeOfBusinessJob(SHANGHAI);
    await expect(
      job.run(ctx('2026-12-07T22:30:00Z'), job.parse({ businessDate: '2026-12-09' })),
    ).rejects.toThrow(
      'Today is 2026-12-08 in Asia/Shanghai: close of business closes only days that have ended, so the business date can move at most to 2026-12-08.',
    );
    expect(await getBusinessDate(handle.db)).toBe('2026-12-08');
    expect((await closedDays()).accruals.at(-1)).toEqual(['2026-12-08', 2]);
  });
});

describe('under the simulated business calendar', () => {
  it('runs ahead of today, and the status says by how much', async () => {
    expect(
      await runCloseOfBusiness(handle.db, clock, d('2026-12-10'), { calendar: SIMULATED }),
    ).toMatchObject({ ok: true, value: { daysClosed: 2, loansProcessed: 4 } });
    expect(await businessCalendarStatus(handle.db, clock, SIMULATED)).toEqual({
      mode: 'simulated',
      timeZone: 'Asia/Shanghai',
      today: d('2026-12-08'),
      businessDate: d('2026-12-10'),
      daysAhead: 2,
    });
  });
});
