/**
 * Close of business at scale, on a database of its own: N loans of 3,000.00
 * over 3 months with their schedules (seeded set-based, with time-ordered ids
 * as drawdowns make them, so the table is in id order as it would be), closed day after
 * day through the real run (batches, then the day's last transaction), each
 * day timed; then one UPDATE touching every instalment row of those loans,
 * the baseline. Day 1 against the last day shows whether the cost grows with
 * the journal (each day adds an accrual entry and two postings per loan).
 */
import { sql } from 'drizzle-orm';
import { borrowerFactory } from '@lending/borrowers/testing';
import { getBusinessDate, queryRows, type Db } from '@lending/db';
import { BusinessDate, FixedClock } from '@lending/kernel';
import { runCloseOfBusiness } from '@lending/close-of-business';
import { creditLineFactory } from '@lending/ledger/testing';
import { createTestDb } from '@lending/testing';

export interface CloseOfBusinessRun {
  readonly loans: number;
  readonly instalments: number;
  /** Seconds for each day closed, in order (day 1 first). */
  readonly daySeconds: readonly number[];
  readonly updateSeconds: number;
  readonly journalRows: number;
}

export async function measureCloseOfBusiness(options: {
  databaseUrl: string;
  loans: number;
  days: number;
  onDay?(day: number, seconds: number): void;
}): Promise<CloseOfBusinessRun> {
  const handle = await createTestDb({
    databaseUrl: options.databaseUrl,
    businessDate: '2026-01-15',
  });
  const clock = new FixedClock('2026-01-15T09:00:00Z');
  try {
    await seedCloseOfBusinessBook(handle.db, options.loans);
    const daySeconds: number[] = [];
    let day = BusinessDate.parseOrThrow(await getBusinessDate(handle.db));
    for (let i = 1; i <= options.days; i++) {
      day = day.addDays(1);
      const t0 = performance.now();
      const result = await runCloseOfBusiness(handle.db, clock, day);
      const seconds = (performance.now() - t0) / 1000;
      if (!result.ok || result.value.loansProcessed !== options.loans)
        throw new Error(`close of business of ${day.toString()} did not cover every loan`);
      daySeconds.push(seconds);
      options.onDay?.(i, seconds);
    }
    const [counts] = await queryRows<{ instalments: number; journal: number }>(
      handle.db,
      sql`select (select count(*)::int from installments) as instalments,
                 (select count(*)::int from postings) as journal`,
    );
    const t1 = performance.now();
    await handle.db.execute(
      sql`update installments set interest_accrued_minor = interest_accrued_minor + 0`,
    );
    const updateSeconds = (performance.now() - t1) / 1000;
    return {
      loans: options.loans,
      instalments: counts!.instalments,
      daySeconds,
      updateSeconds,
      journalRows: counts!.journal,
    };
  } finally {
    await handle.close();
  }
}

/**
 * N live loans of 3,000.00 over 3 months on one borrower's line, with their
 * schedules, written set-based with time-ordered ids as drawdowns make them;
 * then vacuum analyze, so the planner knows the table's size.
 */
export async function seedCloseOfBusinessBook(db: Db, loans: number): Promise<void> {
  const borrowerId = (await borrowerFactory(db)).id;
  const line = await creditLineFactory(db, borrowerId, { limit: '100000000000000.00' });
  await db.execute(sql`
    insert into loans (id, borrower_id, credit_line_id, currency, principal_minor, annual_rate, term_months,
                       repayment_method, disbursed_on, status, days_past_due, created_at)
    select time_ordered_uuid('2026-01-01'::timestamptz + n * interval '1 millisecond'), ${borrowerId}, ${line.id},
           'CNY', 300000, 0.18, 3, 'EQUAL_PRINCIPAL', '2026-01-15', 'ACTIVE', 0, now()
    from generate_series(1, ${loans}) as n`);
  await db.execute(sql`
    insert into installments (loan_id, borrower_id, number, due_date, principal_due_minor, interest_due_minor, status)
    select l.id, l.borrower_id, n, ('2026-01-15'::date + (n || ' month')::interval)::date, 100000, 4500 - (n - 1) * 1500, 'PENDING'
    from loans l cross join generate_series(1, 3) as n`);
  await db.execute(sql`vacuum analyze`);
}
