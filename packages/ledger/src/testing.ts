import { sql } from 'drizzle-orm';
import { getBusinessDate, setBusinessDate, withTransaction, type Db } from '@lending/db';
import {
  BusinessDate,
  err,
  FixedClock,
  Money,
  ok,
  Rate,
  unwrap,
  toGlobalId,
  type Clock,
  type Result,
} from '@lending/kernel';
import { closeLedgerDay } from './close-of-business.js';
import { openCreditLine, type CreditLine } from './credit-line.service.js';
import { drawdown } from './drawdown.service.js';
import type { TermMonths } from './schedule.js';

/** Factory for tests and demo data: an ACTIVE line, overridable. */
export async function creditLineFactory(
  db: Db,
  borrowerId: string,
  overrides: { limit?: string; currency?: string; annualRate?: string } = {},
  clock: Clock = new FixedClock('2026-01-15T09:00:00Z'),
): Promise<CreditLine> {
  const result = await openCreditLine(db, clock, {
    borrowerId,
    limit: Money.parseOrThrow(overrides.limit ?? '50000.00', overrides.currency ?? 'CNY'),
    annualRate: Rate.of(overrides.annualRate ?? '0.18'),
  });
  return unwrap(result);
}

/**
 * `count` live loans of 3,000.00 CNY over 3 months on one line, written in
 * one statement with time-ordered ids one millisecond apart from
 * 2026-01-01, as drawdowns would make them, but without schedules or
 * journal: for tests and benches that need many loans fast.
 */
export async function insertLoansSetBased(
  db: Db,
  line: { readonly id: string; readonly borrowerId: string },
  count: number,
): Promise<void> {
  await db.execute(sql`
    insert into loans (id, borrower_id, credit_line_id, currency, principal_minor, annual_rate, term_months,
                       repayment_method, disbursed_on, status, days_past_due, created_at)
    select time_ordered_uuid('2026-01-01'::timestamptz + n * interval '1 millisecond'), ${line.borrowerId}, ${line.id},
           'CNY', 300000, 0.18, 3, 'EQUAL_PRINCIPAL', '2026-01-15', 'ACTIVE', 0, now()
    from generate_series(1, ${count}) as n`);
}

/**
 * The next link of the test fixture chain, after borrowerFixtures:
 * `dbTest.extend(borrowerFixtures).extend(creditLineFixtures)` gives each
 * test that asks for `line` an ACTIVE line of 50,000.00 CNY at 18 % for its
 * `borrower`, made by creditLineFactory. A plain object of fixtures, so that
 * this module loads outside the test runner too.
 */
export const creditLineFixtures = {
  line: async (
    { db, borrower }: { db: Db; borrower: { readonly id: string } },
    use: (line: CreditLine) => Promise<void>,
  ) => {
    await use(await creditLineFactory(db, borrower.id));
  },
};

/**
 * Moves the business date to `target` running only the ledger's step of
 * close of business, day by day, each day in its own transaction: for the
 * ledger's own tests. The platform's run (ledger, then collections, once per
 * day under a claim) is runCloseOfBusiness in @lending/close-of-business.
 */
export async function closeLedgerThrough(
  db: Db,
  clock: Clock,
  target: BusinessDate,
): Promise<Result<{ daysClosed: number; loansProcessed: number }, 'DATE_IN_THE_PAST'>> {
  const current = BusinessDate.parseOrThrow(await getBusinessDate(db));
  if (target.isBefore(current)) {
    return err('DATE_IN_THE_PAST', `The business date is already ${current.toString()}.`);
  }
  let loansProcessed = 0;
  for (let day = current.addDays(1); day.isOnOrBefore(target); day = day.addDays(1)) {
    loansProcessed += await withTransaction(db, async (tx) => {
      const n = (await closeLedgerDay(tx, day, clock.now())).length;
      await setBusinessDate(tx, day.toString(), clock.now());
      return n;
    });
  }
  return ok({ daysClosed: BusinessDate.daysBetween(current, target), loansProcessed });
}

/**
 * A borrower's dashboard for tests and benches: `lines` ACTIVE credit lines,
 * each with `loansPerLine` loans of 100.00 CNY over `termMonths` months
 * (that many instalments each), drawn by the borrower.
 */
export async function dashboardFactory(
  db: Db,
  borrowerId: string,
  shape: { lines: number; loansPerLine: number; termMonths: TermMonths },
  clock: Clock = new FixedClock('2026-01-15T09:00:00Z'),
): Promise<{ lineIds: string[]; loanIds: string[] }> {
  const lineIds: string[] = [];
  const loanIds: string[] = [];
  const actor = { id: toGlobalId('Borrower', borrowerId), borrowerId };
  for (let l = 0; l < shape.lines; l++) {
    const line = await creditLineFactory(db, borrowerId, {}, clock);
    lineIds.push(line.id);
    for (let n = 0; n < shape.loansPerLine; n++) {
      const loan = await drawdown({ db, clock }, actor, {
        creditLineId: line.id,
        amount: Money.parseOrThrow('100.00', 'CNY'),
        termMonths: shape.termMonths,
        repaymentMethod: 'EQUAL_PRINCIPAL',
        idempotencyKey: `dashboard-${line.id}-${n}`,
      });
      loanIds.push(unwrap(loan).loanId);
    }
  }
  return { lineIds, loanIds };
}
