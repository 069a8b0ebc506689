import { and, asc, eq, gt, inArray, isNull, lte, sql } from 'drizzle-orm';
import { queryRows, type Db } from '@lending/db';
import { BusinessDate } from '@lending/kernel';
import { Account, EntryKind } from './accounts.js';
import { toCreditLine, type CreditLine, type CreditLineStatus } from './credit-line.service.js';
import { LoanStatus } from './loan-status.js';
import { creditLinesTable, installmentsTable, loansTable, repaymentsTable } from './schema.js';

export const CREDIT_LINES_PAGE_MAX = 1000;

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

/** One loan of a line as its history needs it, up to a date. */
export interface LoanActivity {
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

export const LINE_ACTIVITY_BATCH_MAX = 500;

export interface CreditLineActivity {
  readonly creditLineId: string;
  readonly borrowerId: string;
  readonly currency: string;
  readonly openedAt: Date;
  /** The line's loans disbursed by `asOf`. */
  readonly loans: readonly LoanActivity[];
}

/**
 * What the ledger knows of each line's loans up to `asOf`, for a month-by-
 * month history (the credit package's limit review builds its own): the
 * loans, their instalments by due date, the repayments received (reversed
 * ones left out, as if never received) and the penalty posted per month.
 * Four queries for any number of lines. Lines that do not exist are absent.
 *
 * Reads on `db` as given: pass a repeatable-read transaction for one
 * snapshot while repayments are being taken.
 */
export async function getCreditLineActivity(
  db: Db,
  creditLineIds: readonly string[],
  asOf: BusinessDate,
): Promise<Map<string, CreditLineActivity>> {
  if (creditLineIds.length > LINE_ACTIVITY_BATCH_MAX) {
    throw new RangeError(`at most ${LINE_ACTIVITY_BATCH_MAX} lines per lookup`);
  }
  const result = new Map<string, CreditLineActivity>();
  if (creditLineIds.length === 0) return result;
  const lines = await db
    .select({
      id: creditLinesTable.id,
      borrowerId: creditLinesTable.borrowerId,
      currency: creditLinesTable.currency,
      openedAt: creditLinesTable.openedAt,
    })
    .from(creditLinesTable)
    .where(inArray(creditLinesTable.id, [...creditLineIds]));
  if (lines.length === 0) return result;
  const loans = await loanActivity(
    db,
    lines.map((l) => l.id),
    asOf,
  );
  for (const line of lines) {
    result.set(line.id, {
      creditLineId: line.id,
      borrowerId: line.borrowerId,
      currency: line.currency,
      openedAt: line.openedAt,
      loans: loans.get(line.id) ?? [],
    });
  }
  return result;
}

async function loanActivity(
  db: Db,
  creditLineIds: readonly string[],
  asOf: BusinessDate,
): Promise<Map<string, LoanActivity[]>> {
  const day = asOf.toString();
  const byLine = new Map<string, LoanActivity[]>(creditLineIds.map((id) => [id, []]));
  const ofLines = and(
    inArray(loansTable.creditLineId, [...creditLineIds]),
    lte(loansTable.disbursedOn, day),
  );
  const loans = await db
    .select({
      id: loansTable.id,
      creditLineId: loansTable.creditLineId,
      principal: loansTable.principalMinor,
      disbursedOn: loansTable.disbursedOn,
      status: loansTable.status,
      chargedOffOn: loansTable.chargedOffOn,
      // Spelled out: drizzle renders a column in a selected sql`` unqualified, which here would be r.id.
      lastRepaidOn: sql<string | null>`(select max(r.business_date)::text from repayments r
        where r.loan_id = loans.id and r.reversed_at is null)`,
    })
    .from(loansTable)
    .where(ofLines);
  if (loans.length === 0) return byLine;

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
    .where(ofLines)
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
    .where(and(ofLines, isNull(repaymentsTable.reversedAt), lte(repaymentsTable.businessDate, day)))
    .orderBy(asc(repaymentsTable.businessDate), asc(repaymentsTable.createdAt));
  const penalties = await queryRows<{ loan_id: string; month: string; net: string | bigint }>(
    db,
    sql`select p.loan_id, to_char(e.business_date, 'YYYY-MM') as month,
               sum(p.debit_minor - p.credit_minor) as net
        from postings p
        join journal_entries e on e.id = p.entry_id
        join loans l on l.id = p.loan_id
        where l.credit_line_id in (${sql.join(
          creditLineIds.map((id) => sql`${id}::uuid`),
          sql`, `,
        )}) and l.disbursed_on <= ${day}::date
          and p.account = ${Account.RECEIVABLE_PENALTY} and e.kind <> ${EntryKind.WRITE_OFF}
          and e.business_date <= ${day}::date
        group by p.loan_id, to_char(e.business_date, 'YYYY-MM')`,
  );

  const facts = new Map<string, LoanActivity>(
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
  for (const l of loans) byLine.get(l.creditLineId)?.push(facts.get(l.id)!);
  return byLine;
}
