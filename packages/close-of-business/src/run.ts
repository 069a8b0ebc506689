import { sql } from 'drizzle-orm';
import { closeCollectionsDay } from '@lending/collections';
import { getBusinessDate, queryRows, setBusinessDate, withTransaction, type Db } from '@lending/db';
import { BusinessDate, err, ok, type Clock, type Result } from '@lending/kernel';
import { closeLedgerDay, LIVE_LOAN_STATUSES_SQL } from '@lending/ledger';

export const CloseOfBusinessError = {
  DATE_IN_THE_PAST: 'DATE_IN_THE_PAST',
  TOO_MANY_DAYS: 'TOO_MANY_DAYS',
  /** The job gave up (after its retries) or was cancelled. */
  JOB_FAILED: 'JOB_FAILED',
} as const;
export type CloseOfBusinessError = (typeof CloseOfBusinessError)[keyof typeof CloseOfBusinessError];

/** Bound on days one call may close, so a mistyped year cannot start a months-long job. */
export const COB_MAX_DAYS_PER_RUN = 400;

export interface CloseOfBusinessResult {
  readonly businessDate: BusinessDate;
  readonly daysClosed: number;
  readonly loansProcessed: number;
}

/**
 * Close of business: the one place that owns the run. Moves the business
 * date to `target` one day at a time; each day is one transaction that
 * claims the day, runs the steps in their fixed order — the ledger (accrual,
 * penalties, status, days past due, charge-off), then collections (buckets,
 * cases, promises, plans, messages), which reads what the ledger just wrote —
 * records the day as done and moves the date. A crash leaves a day wholly
 * done or not begun; a concurrent or repeated run of a day stops at the
 * claim; the next run resumes after the last completed day.
 */
export async function runCloseOfBusiness(
  db: Db,
  clock: Clock,
  target: BusinessDate,
  options: {
    /** After each day: loan-days done of the run's estimate (live loans × days). */
    onProgress?(done: number, total: number): Promise<void>;
  } = {},
): Promise<Result<CloseOfBusinessResult, CloseOfBusinessError>> {
  const checked = await checkCloseOfBusinessTarget(db, target);
  if (!checked.ok) return checked;
  const { current, days } = checked.value;
  const total = options.onProgress ? (await countLiveLoans(db)) * days : 0;
  let loansProcessed = 0;
  for (let day = current.addDays(1); day.isOnOrBefore(target); day = day.addDays(1)) {
    loansProcessed += await withTransaction(db, (tx) => closeDay(tx, day, clock.now()));
    await options.onProgress?.(loansProcessed, Math.max(total, loansProcessed));
  }
  return ok({ businessDate: target, daysClosed: days, loansProcessed });
}

/**
 * Whether `target` is a business date a run may move to: not before the
 * current one, and within COB_MAX_DAYS_PER_RUN of it. Checked before a job
 * is queued, so a mistyped date is answered at once; and again by the run.
 */
export async function checkCloseOfBusinessTarget(
  db: Db,
  target: BusinessDate,
): Promise<Result<{ current: BusinessDate; days: number }, CloseOfBusinessError>> {
  const current = BusinessDate.parseOrThrow(await getBusinessDate(db));
  if (target.isBefore(current)) {
    return err(
      CloseOfBusinessError.DATE_IN_THE_PAST,
      `The business date is already ${current.toString()}.`,
      ['businessDate'],
    );
  }
  const days = BusinessDate.daysBetween(current, target);
  if (days > COB_MAX_DAYS_PER_RUN) {
    return err(
      CloseOfBusinessError.TOO_MANY_DAYS,
      `At most ${COB_MAX_DAYS_PER_RUN} days per run.`,
      ['businessDate'],
    );
  }
  return ok({ current, days });
}

async function countLiveLoans(db: Db): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from loans where status in ${LIVE_LOAN_STATUSES_SQL}`,
  );
  return row?.n ?? 0;
}

/** One business day for every loan and case. Returns the live loans it covered (0 if already done). */
async function closeDay(tx: Db, day: BusinessDate, now: Date): Promise<number> {
  const date = day.toString();
  // Claim the day first: a concurrent or repeated run of the same day stops here.
  const claimed = await queryRows<{ business_date: string }>(
    tx,
    sql`insert into close_of_business_days (business_date, loans_processed, completed_at)
        values (${date}, 0, ${now.toISOString()}::timestamptz) on conflict do nothing returning business_date`,
  );
  if (claimed.length === 0) return 0;
  const loans = await closeLedgerDay(tx, day, now);
  await closeCollectionsDay(tx, day, now);
  await tx.execute(
    sql`update close_of_business_days set loans_processed = ${loans} where business_date = ${date}`,
  );
  await setBusinessDate(tx, date, now);
  return loans;
}
