import { and, asc, eq, gt, inArray, isNull, lte, sql } from 'drizzle-orm';
import { borrowersTable } from '@lending/borrowers';
import { queryRows, type Db } from '@lending/db';
import { BusinessDate, Money } from '@lending/kernel';
import { Account, EntryKind } from './accounts.js';
import { toCreditLine, type CreditLine, type CreditLineStatus } from './credit-line.service.js';
import { LoanStatus } from './loan.service.js';
import { creditLinesTable, installmentsTable, loansTable, repaymentsTable } from './schema.js';

export const CREDIT_LINES_PAGE_MAX = 1000;
export const LINE_HISTORY_MAX_MONTHS = 120;

/**
 * One page of lines in the given statuses, by id ascending, after the line
 * id `after` (the last id of the previous page; null for the first). Ids
 * are UUIDv7, so lines opened during a walk land after it, not in a gap.
 */
export async function listCreditLinesPage(
  db: Db,
  options: { statuses: readonly CreditLineStatus[]; after: string | null; limit: number },
): Promise<CreditLine[]> {
  const { statuses, after, limit } = options;
  if (!Number.isInteger(limit) || limit < 1 || limit > CREDIT_LINES_PAGE_MAX) {
    throw new RangeError(`limit must be a whole number from 1 to ${CREDIT_LINES_PAGE_MAX}`);
  }
  if (statuses.length === 0) return [];
  const rows = await db
    .select()
    .from(creditLinesTable)
    .where(
      and(
        inArray(creditLinesTable.status, [...statuses]),
        after ? gt(creditLinesTable.id, after) : undefined,
      ),
    )
    .orderBy(asc(creditLinesTable.id))
    .limit(limit);
  return rows.map(toCreditLine);
}

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

interface LoanFacts {
  readonly principal: bigint;
  readonly disbursedOn: BusinessDate;
  readonly chargedOffOn: BusinessDate | null;
  /** The business date of the repayment that settled a PAID_OFF loan. */
  readonly paidOffOn: BusinessDate | null;
  /** By due date; `scheduled` is principal + interest + fees due. */
  readonly installments: { dueDate: BusinessDate; scheduled: bigint; interestFees: bigint }[];
  /** Non-reversed, by business date. */
  readonly repayments: {
    on: BusinessDate;
    amount: bigint;
    principal: bigint;
    interestFees: bigint;
    recovery: bigint;
  }[];
  /** Net RECEIVABLE_PENALTY posted per month ('YYYY-MM'), write-offs left out. */
  readonly penaltyByMonth: Map<string, bigint>;
}

/**
 * A line's last `months` calendar months, most recent first, as of `asOf`
 * (the month containing it ends on `asOf`), derived from the loans, their
 * instalments, the repayments table and the journal, in five queries
 * whatever the number of months or loans. Null if there is no such line.
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
  if (!Number.isInteger(months) || months < 1 || months > LINE_HISTORY_MAX_MONTHS) {
    throw new RangeError(`months must be a whole number from 1 to ${LINE_HISTORY_MAX_MONTHS}`);
  }
  const [line] = await db
    .select({
      currency: creditLinesTable.currency,
      openedAt: creditLinesTable.openedAt,
      timeZone: borrowersTable.timeZone,
    })
    .from(creditLinesTable)
    .leftJoin(borrowersTable, eq(borrowersTable.id, creditLinesTable.borrowerId))
    .where(eq(creditLinesTable.id, creditLineId));
  if (!line) return null;

  const loans = await loanFacts(db, creditLineId, asOf);
  const openedOn = BusinessDate.fromInstant(line.openedAt, line.timeZone ?? 'UTC');
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

function loanAt(loan: LoanFacts, end: BusinessDate): { balance: bigint; daysPastDue: number } {
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

/** The line's loans disbursed by `asOf`, with what their history needs up to `asOf`: four queries. */
async function loanFacts(db: Db, creditLineId: string, asOf: BusinessDate): Promise<LoanFacts[]> {
  const day = asOf.toString();
  const ofLine = and(eq(loansTable.creditLineId, creditLineId), lte(loansTable.disbursedOn, day));
  const loans = await db
    .select({
      id: loansTable.id,
      principal: loansTable.principalMinor,
      disbursedOn: loansTable.disbursedOn,
      status: loansTable.status,
      chargedOffOn: loansTable.chargedOffOn,
      // Spelled out: drizzle renders a column in a selected sql`` unqualified, which here would be r.id.
      lastRepaidOn: sql<string | null>`(select max(r.business_date)::text from repayments r
        where r.loan_id = loans.id and r.reversed_at is null)`,
    })
    .from(loansTable)
    .where(ofLine);
  if (loans.length === 0) return [];

  const installments = await db
    .select({
      loanId: installmentsTable.loanId,
      dueDate: installmentsTable.dueDate,
      principal: installmentsTable.principalDueMinor,
      interest: installmentsTable.interestDueMinor,
      fees: installmentsTable.feesDueMinor,
    })
    .from(installmentsTable)
    .innerJoin(loansTable, eq(loansTable.id, installmentsTable.loanId))
    .where(ofLine)
    .orderBy(asc(installmentsTable.dueDate), asc(installmentsTable.number));
  const repayments = await db
    .select({
      loanId: repaymentsTable.loanId,
      businessDate: repaymentsTable.businessDate,
      amount: repaymentsTable.amountMinor,
      principal: repaymentsTable.principalMinor,
      interest: repaymentsTable.interestMinor,
      fees: repaymentsTable.feesMinor,
      recovery: repaymentsTable.recoveryMinor,
    })
    .from(repaymentsTable)
    .innerJoin(loansTable, eq(loansTable.id, repaymentsTable.loanId))
    .where(and(ofLine, isNull(repaymentsTable.reversedAt), lte(repaymentsTable.businessDate, day)))
    .orderBy(asc(repaymentsTable.businessDate), asc(repaymentsTable.createdAt));
  const penalties = await queryRows<{ loan_id: string; month: string; net: string | bigint }>(
    db,
    sql`select p.loan_id, to_char(e.business_date, 'YYYY-MM') as month,
               sum(p.debit_minor - p.credit_minor) as net
        from postings p
        join journal_entries e on e.id = p.entry_id
        join loans l on l.id = p.loan_id
        where l.credit_line_id = ${creditLineId}::uuid and l.disbursed_on <= ${day}::date
          and p.account = ${Account.RECEIVABLE_PENALTY} and e.kind <> ${EntryKind.WRITE_OFF}
          and e.business_date <= ${day}::date
        group by p.loan_id, to_char(e.business_date, 'YYYY-MM')`,
  );

  const facts = new Map<string, LoanFacts>(
    loans.map((l) => [
      l.id,
      {
        principal: BigInt(l.principal),
        disbursedOn: BusinessDate.parseOrThrow(l.disbursedOn),
        chargedOffOn: l.chargedOffOn ? BusinessDate.parseOrThrow(l.chargedOffOn) : null,
        paidOffOn:
          l.status === LoanStatus.PAID_OFF && l.lastRepaidOn
            ? BusinessDate.parseOrThrow(l.lastRepaidOn)
            : null,
        installments: [],
        repayments: [],
        penaltyByMonth: new Map(),
      },
    ]),
  );
  for (const i of installments) {
    const interestFees = BigInt(i.interest) + BigInt(i.fees);
    facts.get(i.loanId)?.installments.push({
      dueDate: BusinessDate.parseOrThrow(i.dueDate),
      scheduled: BigInt(i.principal) + interestFees,
      interestFees,
    });
  }
  for (const r of repayments) {
    facts.get(r.loanId)?.repayments.push({
      on: BusinessDate.parseOrThrow(r.businessDate),
      amount: BigInt(r.amount),
      principal: BigInt(r.principal),
      interestFees: BigInt(r.interest) + BigInt(r.fees),
      recovery: BigInt(r.recovery),
    });
  }
  for (const p of penalties) facts.get(p.loan_id)?.penaltyByMonth.set(p.month, BigInt(p.net));
  return [...facts.values()];
}
