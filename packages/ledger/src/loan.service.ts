import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import type { Db } from '@lending/db';
import { BusinessDate, Money, Rate } from '@lending/kernel';
import { Account } from './accounts.js';
import { trimRate } from './credit-line.service.js';
import { loanAccountBalances } from './journal.js';
import type { InstallmentStatus, LoanStatus } from './loan-status.js';
import type { RepaymentMethod } from './schedule.js';
import { installmentsTable, loansTable } from './schema.js';

export interface Loan {
  readonly id: string;
  readonly borrowerId: string;
  readonly creditLineId: string;
  readonly principal: Money;
  readonly annualRate: Rate;
  readonly termMonths: number;
  readonly repaymentMethod: RepaymentMethod;
  readonly disbursedOn: BusinessDate;
  readonly status: LoanStatus;
  readonly daysPastDue: number;
  readonly createdAt: Date;
  /** The schedule in force: the loan's own terms, or a restructure's. */
  readonly schedule: { readonly principal: Money; readonly termMonths: number };
  readonly restructuredOn: BusinessDate | null;
}

export interface Installment {
  readonly loanId: string;
  readonly number: number;
  readonly dueDate: BusinessDate;
  readonly principalDue: Money;
  readonly interestDue: Money;
  readonly feesDue: Money;
  readonly penaltyDue: Money;
  readonly paid: Money;
  readonly status: InstallmentStatus;
}

export interface LoanBalance {
  readonly principal: Money;
  readonly interest: Money;
  readonly fees: Money;
  readonly penalty: Money;
  readonly total: Money;
  /** Interest the borrower paid ahead of accrual, not yet earned (INTEREST_PAID_IN_ADVANCE). */
  readonly interestPaidAhead: Money;
  /** What settles the loan today: the total less interest paid ahead, never negative. */
  readonly payoff: Money;
}

export async function getLoansByIds(db: Db, ids: readonly string[]): Promise<(Loan | null)[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select()
    .from(loansTable)
    .where(inArray(loansTable.id, [...ids]));
  const byId = new Map(rows.map((r) => [r.id, toLoan(r)]));
  return ids.map((id) => byId.get(id) ?? null);
}

export async function listLoansOfCreditLines(
  db: Db,
  lineIds: readonly string[],
): Promise<Map<string, Loan[]>> {
  const result = new Map<string, Loan[]>(lineIds.map((id) => [id, []]));
  if (lineIds.length === 0) return result;
  const rows = await db
    .select()
    .from(loansTable)
    .where(inArray(loansTable.creditLineId, [...lineIds]))
    .orderBy(asc(loansTable.createdAt), asc(loansTable.id));
  for (const row of rows) result.get(row.creditLineId)?.push(toLoan(row));
  return result;
}

export const LOANS_PAGE_MAX = 100;

/** A borrower's loans, oldest first (ids are UUIDv7), after the loan id `afterId`. */
export async function listLoansOfBorrower(
  db: Db,
  borrowerId: string,
  first: number,
  afterId: string | null,
): Promise<{ loans: Loan[]; hasNextPage: boolean }> {
  const limit = Math.max(0, Math.min(first, LOANS_PAGE_MAX));
  const rows = await db
    .select()
    .from(loansTable)
    .where(
      and(eq(loansTable.borrowerId, borrowerId), afterId ? gt(loansTable.id, afterId) : undefined),
    )
    .orderBy(asc(loansTable.id))
    .limit(limit + 1);
  return { loans: rows.slice(0, limit).map(toLoan), hasNextPage: rows.length > limit };
}

export async function listInstallments(
  db: Db,
  loanIds: readonly string[],
): Promise<Map<string, Installment[]>> {
  const result = new Map<string, Installment[]>(loanIds.map((id) => [id, []]));
  if (loanIds.length === 0) return result;
  const rows = await db
    .select({ i: installmentsTable, currency: loansTable.currency })
    .from(installmentsTable)
    .innerJoin(loansTable, eq(loansTable.id, installmentsTable.loanId))
    .where(inArray(installmentsTable.loanId, [...loanIds]))
    .orderBy(asc(installmentsTable.loanId), asc(installmentsTable.number));
  for (const { i, currency } of rows) {
    const m = (minor: bigint) => Money.of(BigInt(minor), currency);
    result.get(i.loanId)?.push({
      loanId: i.loanId,
      number: i.number,
      dueDate: BusinessDate.parseOrThrow(i.dueDate),
      principalDue: m(i.principalDueMinor),
      interestDue: m(i.interestDueMinor),
      feesDue: m(i.feesDueMinor),
      penaltyDue: m(i.penaltyDueMinor),
      paid: m(
        BigInt(i.principalPaidMinor) +
          BigInt(i.interestPaidMinor) +
          BigInt(i.feesPaidMinor) +
          BigInt(i.penaltyPaidMinor),
      ),
      status: i.status as InstallmentStatus,
    });
  }
  return result;
}

/** What the borrower owes now, from the journal: receivable balances of the loan. */
export async function loanBalances(
  db: Db,
  loans: readonly Loan[],
): Promise<Map<string, LoanBalance>> {
  const nets = await loanAccountBalances(
    db,
    loans.map((l) => l.id),
  );
  return new Map(
    loans.map((loan) => {
      const net = nets.get(loan.id) ?? new Map<string, bigint>();
      const m = (account: Account) => Money.of(net.get(account) ?? 0n, loan.principal.currency);
      const principal = m(Account.RECEIVABLE_PRINCIPAL);
      const interest = m(Account.RECEIVABLE_INTEREST);
      const fees = m(Account.RECEIVABLE_FEES);
      const penalty = m(Account.RECEIVABLE_PENALTY);
      const total = principal.add(interest).add(fees).add(penalty);
      const interestPaidAhead = m(Account.INTEREST_PAID_IN_ADVANCE).negate();
      const zero = Money.zero(loan.principal.currency);
      return [
        loan.id,
        {
          principal,
          interest,
          fees,
          penalty,
          total,
          interestPaidAhead,
          payoff: total.subtract(interestPaidAhead).max(zero),
        },
      ];
    }),
  );
}

export function toLoan(row: typeof loansTable.$inferSelect): Loan {
  return {
    id: row.id,
    borrowerId: row.borrowerId,
    creditLineId: row.creditLineId,
    principal: Money.of(BigInt(row.principalMinor), row.currency),
    annualRate: Rate.of(trimRate(row.annualRate)),
    termMonths: row.termMonths,
    repaymentMethod: row.repaymentMethod as RepaymentMethod,
    disbursedOn: BusinessDate.parseOrThrow(row.disbursedOn),
    status: row.status as LoanStatus,
    daysPastDue: row.daysPastDue,
    createdAt: row.createdAt,
    schedule: {
      principal: Money.of(BigInt(row.scheduledPrincipalMinor ?? row.principalMinor), row.currency),
      termMonths: row.scheduledTermMonths ?? row.termMonths,
    },
    restructuredOn: row.restructuredOn ? BusinessDate.parseOrThrow(row.restructuredOn) : null,
  };
}
