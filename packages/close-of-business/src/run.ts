import { sql } from 'drizzle-orm';
import { closeCollectionsDay, planPaymentReminders } from '@lending/collections';
import { getBusinessDate, queryRows, setBusinessDate, withTransaction, type Db } from '@lending/db';
import { BusinessDate, err, ok, type Clock, type Result } from '@lending/kernel';
import {
  CLOSE_OF_BUSINESS_BATCH_SIZE,
  closeLedgerBatch,
  closeLedgerDay,
  countLoansClosed,
  LIVE_LOAN_STATUSES_SQL,
} from '@lending/ledger';
import { BusinessCalendarMode, todayIn, type BusinessCalendar } from './calendar.js';

export const CloseOfBusinessError = {
  DATE_IN_THE_PAST: 'DATE_IN_THE_PAST',
  /** Under the `calendar` business calendar: the day before the target has not ended yet. */
  DATE_IN_THE_FUTURE: 'DATE_IN_THE_FUTURE',
  TOO_MANY_DAYS: 'TOO_MANY_DAYS',
  /** The job gave up (after its retries) or was cancelled. */
  JOB_FAILED: 'JOB_FAILED',
} as const;
export type CloseOfBusinessError = (typeof CloseOfBusinessError)[keyof typeof CloseOfBusinessError];

/** Bound on days one call may close, so a mistyped year cannot start a months-long job. */
export const COB_MAX_DAYS_PER_RUN = 400;

/** Batch transactions a run keeps going at once: one per core of a small database server. */
export const CLOSE_OF_BUSINESS_CONCURRENCY = 2;

export interface CloseOfBusinessResult {
  readonly businessDate: BusinessDate;
  readonly daysClosed: number;
  readonly loansProcessed: number;
}

/**
 * Close of business: the one place that owns the run. Moves the business
 * date to `target` one day at a time. A day is closed in bounded
 * transactions: the ledger's work (accrual, penalties, status, days past due,
 * charge-off) in batches of loans, each batch one transaction that marks its
 * loans closed through the day; then one transaction that locks the business
 * date, closes any loan the batches could not take, runs collections (buckets,
 * cases, promises, plans, messages), which reads what the ledger wrote,
 * records the day as done and moves the date. A crash loses at most the
 * batch in flight; the next run resumes with the loans not yet closed.
 * Several runs at once share a day's batches (a loan is locked and
 * re-checked by the one that takes it), and only one of them finishes it.
 */
export async function runCloseOfBusiness(
  db: Db,
  clock: Clock,
  target: BusinessDate,
  options: {
    /** Whether the run may move past today (see calendar.ts). */
    calendar: BusinessCalendar;
    /** After each batch: loan-days done of the run's estimate (live loans × days). */
    onProgress?(done: number, total: number): Promise<void>;
    /** Loans per batch transaction. */
    batchSize?: number;
    /** Batch transactions at once (each holds a connection while it runs). */
    concurrency?: number;
  },
): Promise<Result<CloseOfBusinessResult, CloseOfBusinessError>> {
  const checked = await checkCloseOfBusinessTarget(db, clock, target, options.calendar);
  if (!checked.ok) return checked;
  const { current, days } = checked.value;
  const total = options.onProgress ? (await countLiveLoans(db)) * days : 0;
  let loansProcessed = 0;
  const batches = {
    size: options.batchSize ?? CLOSE_OF_BUSINESS_BATCH_SIZE,
    concurrency: Math.max(1, options.concurrency ?? CLOSE_OF_BUSINESS_CONCURRENCY),
  };
  for (let day = current.addDays(1); day.isOnOrBefore(target); day = day.addDays(1)) {
    const report = async (closed: number) => {
      loansProcessed += closed;
      await options.onProgress?.(loansProcessed, Math.max(total, loansProcessed));
    };
    await report(await closeDay(db, clock, day, batches, report));
  }
  return ok({ businessDate: target, daysClosed: days, loansProcessed });
}

/**
 * Whether `target` is a business date a run may move to: not before the
 * current one, under the `calendar` business calendar not after today in its
 * zone, and within COB_MAX_DAYS_PER_RUN of the current one. Checked before a
 * job is queued, so a mistyped date is answered at once; and again by the run.
 */
export async function checkCloseOfBusinessTarget(
  db: Db,
  clock: Clock,
  target: BusinessDate,
  calendar: BusinessCalendar,
): Promise<Result<{ current: BusinessDate; days: number }, CloseOfBusinessError>> {
  const current = BusinessDate.parseOrThrow(await getBusinessDate(db));
  if (target.isBefore(current)) {
    return err(
      CloseOfBusinessError.DATE_IN_THE_PAST,
      `The business date is already ${current.toString()}.`,
      ['businessDate'],
    );
  }
  if (calendar.mode === BusinessCalendarMode.CALENDAR) {
    const today = todayIn(calendar, clock);
    if (target.isAfter(today)) {
      return err(
        CloseOfBusinessError.DATE_IN_THE_FUTURE,
        `Today is ${today.toString()} in ${calendar.timeZone}: close of business closes only days that have ended, so the business date can move at most to ${today.toString()}.`,
        ['businessDate'],
      );
    }
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

/**
 * One business day for every loan and case. Reports each batch it closed to
 * `onBatch`; returns the loans the day's last transaction closed (those the
 * batches could not take), 0 when another run finished the day.
 */
async function closeDay(
  db: Db,
  clock: Clock,
  day: BusinessDate,
  batches: { size: number; concurrency: number },
  onBatch: (closed: number) => Promise<void>,
): Promise<number> {
  // Each lane takes batches until a pass from the start finds nothing; lanes skip what the
  // others hold, so several (of one run or of several) share the day without waiting.
  const lane = async (): Promise<boolean> => {
    let after: string | null = null;
    for (;;) {
      const batch = await withTransaction(db, async (tx) => {
        if (!(await isNextDay(tx, day, {}))) return null;
        const now = clock.now();
        const closed = await closeLedgerBatch(tx, day, now, {
          after,
          limit: batches.size,
          skipLocked: true,
        });
        await planPaymentReminders(tx, day, now, closed.loanIds);
        return closed;
      });
      if (batch === null) return false;
      if (batch.loanIds.length > 0) {
        after = batch.last;
        await onBatch(batch.loanIds.length);
      } else if (after === null) return true;
      // From the start once more: loans held by others were skipped, some may be free now.
      else after = null;
    }
  };
  const lanes = await Promise.all(Array.from({ length: batches.concurrency }, lane));
  if (!lanes.every(Boolean)) return 0;
  return withTransaction(db, async (tx) => {
    const now = clock.now();
    // Drawdowns read the date under a share lock: none can add a loan of this day from here on.
    if (!(await isNextDay(tx, day, { lock: true }))) return 0;
    const stragglers = await closeLedgerDay(tx, day, now, batches.size);
    await closeCollectionsDay(tx, day, now, { remindersFor: stragglers });
    const date = day.toString();
    await tx.execute(
      sql`insert into close_of_business_days (business_date, loans_processed, completed_at)
          values (${date}, ${await countLoansClosed(tx, day)}, ${now.toISOString()}::timestamptz)`,
    );
    await setBusinessDate(tx, date, now);
    return stragglers.length;
  });
}

/** Whether `day` is the next day to close (the business date is the day before). */
async function isNextDay(tx: Db, day: BusinessDate, options: { lock?: boolean }): Promise<boolean> {
  const [row] = await queryRows<{ current: string }>(
    tx,
    sql`select current::text from business_date where id = 1 ${options.lock ? sql`for update` : sql``}`,
  );
  return row !== undefined && BusinessDate.parseOrThrow(row.current).addDays(1).equals(day);
}
