import { getBorrowersByIds } from '@lending/borrowers';
import type { Db } from '@lending/db';
import { BusinessDate, Money } from '@lending/kernel';
import { getCreditLineActivity, type CreditLineActivity, type LoanActivity } from '@lending/ledger';

// The limit review's read model: a line's months, built from the ledger's
// activity read and the borrower's time zone.

export const LINE_HISTORY_MAX_MONTHS = 120;

export interface LineMonth {
  /** YYYY-MM-DD, first day of the month. */
  readonly periodStart: string;
  /** YYYY-MM-DD: the last day of the month, or `asOf` for the month containing it. */
  readonly periodEnd: string;
  /** Principal + interest + fees + penalty due and unpaid, plus principal not yet due, of the line's loans at periodEnd. */
  readonly balance: Money;
  /** Repayments received with business date in [periodStart, periodEnd], excluding reversed ones. */
  readonly paid: Money;
  /** Principal drawn (loans disbursed) in the period. */
  readonly drawn: Money;
  /** Days past due at periodEnd: periodEnd minus the due date of the oldest installment not fully covered by the payments received by periodEnd; 0 if none. */
  readonly daysPastDue: number;
  /** false if the line had no loans outstanding at any point of the period and none were drawn in it. */
  readonly used: boolean;
  /** false if the line was opened after periodEnd (a month before the line existed). */
  readonly open: boolean;
}

/**
 * A line's last `months` calendar months, most recent first, as of `asOf`
 * (the month containing it ends on `asOf`), derived from the loans, their
 * instalments, the repayments table and the journal (the ledger's
 * activity read), whatever the number of months or loans. Null if there is
 * no such line.
 *
 * - Repayments count as allocated when received (the `repayments` rows);
 *   reversed ones are left out entirely, as if never received.
 * - Days past due compare, per loan, the cumulative principal + interest +
 *   fees scheduled (instalments by due date) with the principal + interest +
 *   fees repaid by the date. Penalty is left out on both sides: it is not
 *   dated per instalment, and the waterfall pays an instalment's penalty
 *   before its interest and principal, so this gives the instalment statuses
 *   close of business keeps. The line takes its worst loan.
 * - Penalty in the balance is the penalty receivable in the journal at the
 *   date (accruals are posted daily; a reversal's re-derived penalty counts
 *   from the reversal's business date on).
 * - A charged-off loan stays as it was on its charge-off date: days past due
 *   frozen at that day's value, balance that day's less any recoveries since;
 *   it still counts as outstanding (the debt is owed though written off).
 * - A PAID_OFF loan stops being outstanding after the day of its last
 *   repayment.
 * - The line's opening date is the day its opening instant falls on in the
 *   borrower's time zone (lines keep an instant, not a business date).
 *
 * Reads on `db` as given: pass a repeatable-read transaction for one
 * snapshot while repayments are being taken.
 */
export async function creditLineHistory(
  db: Db,
  creditLineId: string,
  asOf: BusinessDate,
  months = 6,
): Promise<LineMonth[] | null> {
  return (await creditLineHistories(db, [creditLineId], asOf, months)).get(creditLineId) ?? null;
}

/**
 * `creditLineHistory` for many lines at once (at most LINE_ACTIVITY_BATCH_MAX):
 * the ledger's activity read and the borrowers' time zones, six queries for
 * the whole batch. Lines that do not exist are absent.
 */
export async function creditLineHistories(
  db: Db,
  creditLineIds: readonly string[],
  asOf: BusinessDate,
  months = 6,
): Promise<Map<string, LineMonth[]>> {
  if (!Number.isInteger(months) || months < 1 || months > LINE_HISTORY_MAX_MONTHS) {
    throw new RangeError(`months must be a whole number from 1 to ${LINE_HISTORY_MAX_MONTHS}`);
  }
  const activity = await getCreditLineActivity(db, creditLineIds, asOf);
  const borrowers = new Map(
    (await getBorrowersByIds(db, [...new Set([...activity.values()].map((l) => l.borrowerId))]))
      .filter((b) => b !== null && b !== undefined)
      .map((b) => [b.id, b]),
  );
  const result = new Map<string, LineMonth[]>();
  for (const [id, line] of activity) {
    result.set(id, monthsOf(line, borrowers.get(line.borrowerId)?.timeZone ?? 'UTC', asOf, months));
  }
  return result;
}

function monthsOf(
  line: CreditLineActivity,
  timeZone: string,
  asOf: BusinessDate,
  months: number,
): LineMonth[] {
  const loans = line.loans;
  const openedOn = BusinessDate.fromInstant(line.openedAt, timeZone);
  const money = (minor: bigint) => Money.of(minor, line.currency);

  return Array.from({ length: months }, (_, k) => {
    const start = asOf.startOfMonth().addMonths(-k);
    const end = k === 0 ? asOf : start.endOfMonth();
    let balance = 0n;
    let paid = 0n;
    let drawn = 0n;
    let daysPastDue = 0;
    let used = false;
    for (const loan of loans) {
      if (loan.disbursedOn.isAfter(end)) continue;
      if (loan.disbursedOn.isOnOrAfter(start)) drawn += loan.principal;
      if (!loan.paidOffOn?.isBefore(start)) used = true;
      const state = loanAt(loan, end);
      balance += state.balance;
      daysPastDue = Math.max(daysPastDue, state.daysPastDue);
      for (const r of loan.repayments) {
        if (r.on.isOnOrAfter(start) && r.on.isOnOrBefore(end)) paid += r.amount;
      }
    }
    return {
      periodStart: start.toString(),
      periodEnd: end.toString(),
      balance: money(balance),
      paid: money(paid),
      drawn: money(drawn),
      daysPastDue,
      used,
      open: openedOn.isOnOrBefore(end),
    };
  });
}

function loanAt(loan: LoanActivity, end: BusinessDate): { balance: bigint; daysPastDue: number } {
  const chargedOff = loan.chargedOffOn !== null && loan.chargedOffOn.isOnOrBefore(end);
  const at = chargedOff ? loan.chargedOffOn : end;
  // After charge-off, repayments are recoveries: they leave these sums unchanged.
  let principalPaid = 0n;
  let interestFeesPaid = 0n;
  let recovered = 0n;
  for (const r of loan.repayments) {
    if (r.on.isAfter(end)) break;
    principalPaid += r.principal;
    interestFeesPaid += r.interestFees;
    recovered += r.recovery;
  }
  let scheduled = 0n;
  let interestFeesDue = 0n;
  let oldestUnpaid: BusinessDate | null = null;
  for (const i of loan.installments) {
    if (i.dueDate.isOnOrBefore(at)) interestFeesDue += i.interestFees;
    scheduled += i.scheduled;
    if (!oldestUnpaid && scheduled > principalPaid + interestFeesPaid) oldestUnpaid = i.dueDate;
  }
  const month = end.toString().slice(0, 7);
  let penalty = 0n;
  for (const [m, net] of loan.penaltyByMonth) if (m <= month) penalty += net;
  const interestFeesOwed =
    interestFeesDue > interestFeesPaid ? interestFeesDue - interestFeesPaid : 0n;
  let balance = loan.principal - principalPaid + interestFeesOwed + penalty;
  if (chargedOff) balance = balance > recovered ? balance - recovered : 0n;
  return {
    balance,
    daysPastDue:
      oldestUnpaid && oldestUnpaid.isBefore(at) ? BusinessDate.daysBetween(oldestUnpaid, at) : 0,
  };
}
