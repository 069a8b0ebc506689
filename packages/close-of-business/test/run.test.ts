import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { borrowerFactory } from '@lending/borrowers/testing';
import { getBusinessDate, queryRows, withTransaction } from '@lending/db';
import { BusinessDate, FixedClock, Money, toGlobalId } from '@lending/kernel';
import { closeLedgerBatch, drawdown } from '@lending/ledger';
import { creditLineFactory } from '@lending/ledger/testing';
import { createTestDb, waitUntilWaitingForLocks, type TestDb } from '@lending/testing';
import { BusinessCalendarMode, COB_MAX_DAYS_PER_RUN, runCloseOfBusiness } from '../src/index.js';

const SIMULATED = { mode: BusinessCalendarMode.SIMULATED, timeZone: 'Asia/Shanghai' } as const;

let handle: TestDb;
const clock = new FixedClock('2026-01-15T09:00:00Z');
const d = (s: string) => BusinessDate.parseOrThrow(s);

beforeAll(async () => {
  handle = await createTestDb({ businessDate: '2026-01-15' });
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

const accruals = async () =>
  (
    await queryRows<{ n: number }>(
      handle.db,
      sql`select count(*)::int as n from journal_entries where kind = 'ACCRUAL'`,
    )
  )[0]!.n;

describe('the close-of-business run', () => {
  it('closes each day once, ledger then collections, and moves the date', async () => {
    expect(
      await runCloseOfBusiness(handle.db, clock, d('2026-01-17'), { calendar: SIMULATED }),
    ).toMatchObject({
      ok: true,
      value: { daysClosed: 2, loansProcessed: 4 },
    });
    expect(await getBusinessDate(handle.db)).toBe('2026-01-17');
    expect(await accruals()).toBe(4);
  });

  it('runs a day once when two runs start at the same moment', async () => {
    const runs = await Promise.all([
      runCloseOfBusiness(handle.db, clock, d('2026-01-20'), { calendar: SIMULATED }),
      runCloseOfBusiness(handle.db, clock, d('2026-01-20'), { calendar: SIMULATED }),
    ]);
    const processed = runs.map((r) => (r.ok ? r.value.loansProcessed : -1));
    // Three days of two loans, whichever run did which day.
    expect(processed.reduce((a, b) => a + b, 0)).toBe(6);
    expect(await accruals()).toBe(4 + 6);
    const days = await queryRows<{ business_date: string; loans_processed: number }>(
      handle.db,
      sql`select business_date::text, loans_processed from close_of_business_days order by 1`,
    );
    expect(days.map((r) => [r.business_date, r.loans_processed])).toEqual([
      ['2026-01-16', 2],
      ['2026-01-17', 2],
      ['2026-01-18', 2],
      ['2026-01-19', 2],
      ['2026-01-20', 2],
    ]);
  });

  it('refuses to go back, or too far forward at once', async () => {
    expect(
      await runCloseOfBusiness(handle.db, clock, d('2026-01-19'), { calendar: SIMULATED }),
    ).toEqual({
      ok: false,
      errors: [
        {
          code: 'DATE_IN_THE_PAST',
          message: 'The business date is already 2026-01-20.',
          field: ['businessDate'],
        },
      ],
    });
    expect(
      await runCloseOfBusiness(
        handle.db,
        clock,
        d('2026-01-20').addDays(COB_MAX_DAYS_PER_RUN + 1),
        { calendar: SIMULATED },
      ),
    ).toMatchObject({ ok: false, errors: [{ code: 'TOO_MANY_DAYS' }] });
    expect(await getBusinessDate(handle.db)).toBe('2026-01-20');
  });

  it('closes a day in batches, reporting progress after each', async () => {
    const reports: [number, number][] = [];
    expect(
      await runCloseOfBusiness(handle.db, clock, d('2026-01-21'), {
        calendar: SIMULATED,
        batchSize: 1,
        onProgress: async (done, total) => void reports.push([done, total]),
      }),
    ).toMatchObject({ ok: true, value: { daysClosed: 1, loansProcessed: 2 } });
    // One report a batch of one loan, and one at the end of the day (nothing left for it).
    expect(reports).toEqual([
      [1, 2],
      [2, 2],
      [2, 2],
    ]);
    expect(await accruals()).toBe(10 + 2);
  });

  it('resumes a day a crash left half closed with the loans not yet closed', async () => {
    // A run that died after its first batch: one loan closed for the 22nd, the date not moved.
    await withTransaction(handle.db, (tx) =>
      closeLedgerBatch(tx, d('2026-01-22'), clock.now(), {
        after: null,
        limit: 1,
        skipLocked: true,
      }),
    );
    expect(await getBusinessDate(handle.db)).toBe('2026-01-21');
    expect(
      await runCloseOfBusiness(handle.db, clock, d('2026-01-22'), { calendar: SIMULATED }),
    ).toMatchObject({
      ok: true,
      value: { daysClosed: 1, loansProcessed: 1 },
    });
    expect(await accruals()).toBe(12 + 2);
    const [day] = await queryRows<{ loans_processed: number }>(
      handle.db,
      sql`select loans_processed from close_of_business_days where business_date = '2026-01-22'`,
    );
    expect(day?.loans_processed).toBe(2);
  });

  it('closes a loan another transaction holds at the end of the day instead of skipping it', async () => {
    const [held] = await queryRows<{ id: string }>(
      handle.db,
      sql`select id from loans order by id limit 1`,
    );
    const close = () =>
      runCloseOfBusiness(handle.db, clock, d('2026-01-23'), { calendar: SIMULATED, batchSize: 1 });
    let run: ReturnType<typeof close> | undefined;
    // Embedded PGlite has one connection: nothing else can hold a loan meanwhile.
    if (handle.driver === 'pglite') run = close();
    else {
      await handle.db.transaction(async (tx) => {
        await tx.execute(sql`select id from loans where id = ${held!.id}::uuid for update`);
        run = close();
        // Close of business skips the held loan, closes the other, then waits for the held one.
        await waitUntilWaitingForLocks(handle.db, 1);
        // The other loan is closed, the held one waits, and the day is not over.
        expect(await getBusinessDate(handle.db)).toBe('2026-01-22');
        const [other] = await queryRows<{ closed_through: string }>(
          handle.db,
          sql`select closed_through::text from loans where id <> ${held!.id}::uuid`,
        );
        expect(other?.closed_through).toBe('2026-01-23');
      });
    }
    expect(await run!).toMatchObject({ ok: true, value: { loansProcessed: 2 } });
    const closed = await queryRows<{ closed_through: string }>(
      handle.db,
      sql`select closed_through::text from loans order by id`,
    );
    expect(closed.map((r) => r.closed_through)).toEqual(['2026-01-23', '2026-01-23']);
    expect(await accruals()).toBe(14 + 2);
  });
});
