import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '@lending/db';
import { BusinessDate, err, Money, ok, Rate, type Result } from '@lending/kernel';
import { Account, EntryKind } from './accounts.js';
import { loanBusinessDate } from './close-of-business.js';
import { CreditLineStatus, trimRate } from './credit-line.service.js';
import { LedgerError } from './errors.js';
import { loanAccountBalances, postEntry } from './journal.js';
import { InstallmentStatus, isSettled, LoanStatus } from './loan-status.js';
import { buildSchedule, type RepaymentMethod } from './schedule.js';
import { creditLinesTable, installmentsTable, loansTable } from './schema.js';

/** At most this many months added to what a loan has left. */
export const RESTRUCTURE_MAX_EXTENSION_MONTHS = 24;

export interface RestructureTerms {
  /** Months added to the instalments still to pay. */
  readonly extendTermMonths: number;
  /** Unpaid penalties written off (Dr PENALTY_INCOME); otherwise due with the first new instalment. */
  readonly waivePenalties: boolean;
  /** The rate of the new schedule; the loan's own when null. Never above it. */
  readonly reducedAnnualRate: Rate | null;
}

export interface Restructure {
  readonly loanId: string;
  /** Interest owed (overdue, and accrued in the current period) moved into principal. */
  readonly capitalised: Money;
  readonly waived: Money;
  readonly principal: Money;
  readonly annualRate: Rate;
  readonly termMonths: number;
  readonly firstDueDate: BusinessDate;
}

/**
 * Restructures a live loan under a hardship plan, inside the caller's
 * transaction: the interest it owes (overdue and accrued so far) is
 * capitalised (Dr RECEIVABLE_PRINCIPAL, Cr RECEIVABLE_INTEREST), penalties
 * are waived (Dr PENALTY_INCOME, Cr RECEIVABLE_PENALTY) or carried to the
 * first new instalment, and every unpaid instalment is replaced by a new
 * schedule from today: the principal owed, over the instalments left plus
 * the extension, at the reduced rate or the loan's. The journal entry
 * balances; the loan is current again (nothing is past due) and its line is
 * frozen while the plan runs. Capitalised interest is drawn on the line, so
 * drawn may pass the limit (nothing is then available).
 */
export async function restructureLoan(
  tx: Db,
  loanId: string,
  terms: RestructureTerms,
  now: Date,
): Promise<Result<Restructure, LedgerError>> {
  if (
    !Number.isInteger(terms.extendTermMonths) ||
    terms.extendTermMonths < 0 ||
    terms.extendTermMonths > RESTRUCTURE_MAX_EXTENSION_MONTHS
  ) {
    return err(
      LedgerError.INVALID_PLAN,
      `The term is extended by 0 to ${RESTRUCTURE_MAX_EXTENSION_MONTHS} months.`,
      ['extendTermMonths'],
    );
  }
  const [loan] = await tx.select().from(loansTable).where(eq(loansTable.id, loanId)).for('update');
  if (!loan) return err(LedgerError.LOAN_NOT_FOUND, 'No such loan.', ['loanId']);
  if (loan.status !== LoanStatus.ACTIVE && loan.status !== LoanStatus.DELINQUENT) {
    return err(LedgerError.LOAN_NOT_LIVE, 'Only a live loan is restructured.', ['loanId']);
  }
  const rate = terms.reducedAnnualRate ?? Rate.of(trimRate(loan.annualRate));
  if (rate.isNegative() || rate.compare(Rate.of(trimRate(loan.annualRate))) > 0) {
    return err(LedgerError.INVALID_PLAN, 'A reduced rate is between 0 and the loan’s rate.', [
      'reducedAnnualRate',
    ]);
  }
  const today = await loanBusinessDate(tx, loanId);
  const currency = loan.currency;
  const m = (minor: bigint) => Money.of(minor, currency);
  const rows = await tx
    .select()
    .from(installmentsTable)
    .where(eq(installmentsTable.loanId, loanId));
  const state = rows.map((r) => ({
    row: r,
    amounts: {
      dueDate: BusinessDate.parseOrThrow(r.dueDate),
      due: {
        principal: BigInt(r.principalDueMinor),
        interest: BigInt(r.interestDueMinor),
        fees: BigInt(r.feesDueMinor),
        penalty: BigInt(r.penaltyDueMinor),
      },
      paid: {
        principal: BigInt(r.principalPaidMinor),
        interest: BigInt(r.interestPaidMinor),
        fees: BigInt(r.feesPaidMinor),
        penalty: BigInt(r.penaltyPaidMinor),
      },
    },
  }));
  const unsettled = state.filter((s) => !isSettled(s.amounts));
  if (unsettled.length === 0) {
    return err(LedgerError.LOAN_NOT_LIVE, 'Nothing is left to restructure.', ['loanId']);
  }
  // What the journal says is owed, per receivable: the truth the new schedule must add up to.
  const net = (await loanAccountBalances(tx, [loanId])).get(loanId) ?? new Map<string, bigint>();
  const owed = (account: Account) => net.get(account) ?? 0n;
  const capitalised = owed(Account.RECEIVABLE_INTEREST);
  const penalty = owed(Account.RECEIVABLE_PENALTY);
  const fees = owed(Account.RECEIVABLE_FEES);
  const waived = terms.waivePenalties ? penalty : 0n;
  const principal = owed(Account.RECEIVABLE_PRINCIPAL) + capitalised;
  const termMonths = unsettled.length + terms.extendTermMonths;

  if (capitalised > 0n || waived > 0n) {
    await postEntry(tx, {
      borrowerId: loan.borrowerId,
      loanId,
      kind: EntryKind.RESTRUCTURE,
      businessDate: today,
      createdAt: now,
      memo: 'hardship plan',
      lines: [
        { account: Account.RECEIVABLE_PRINCIPAL, debit: m(capitalised) },
        { account: Account.RECEIVABLE_INTEREST, credit: m(capitalised) },
        { account: Account.PENALTY_INCOME, debit: m(waived) },
        { account: Account.RECEIVABLE_PENALTY, credit: m(waived) },
      ],
    });
  }

  const schedule = buildSchedule({
    principal: m(principal),
    annualRate: rate,
    termMonths,
    method: loan.repaymentMethod as RepaymentMethod,
    disbursedOn: today,
  });
  const firstNumber =
    Math.max(0, ...state.filter((s) => isSettled(s.amounts)).map((s) => s.row.number)) + 1;
  await tx.delete(installmentsTable).where(
    and(
      eq(installmentsTable.loanId, loanId),
      inArray(
        installmentsTable.number,
        unsettled.map((s) => s.row.number),
      ),
    ),
  );
  await tx.insert(installmentsTable).values(
    schedule.map((row, i) => ({
      loanId,
      borrowerId: loan.borrowerId,
      number: firstNumber + i,
      dueDate: row.dueDate.toString(),
      principalDueMinor: row.principalDue.minor,
      interestDueMinor: row.interestDue.minor,
      // Carried penalties and fees fall due with the first new instalment.
      feesDueMinor: i === 0 ? fees : 0n,
      penaltyDueMinor: i === 0 ? penalty - waived : 0n,
      status: InstallmentStatus.PENDING,
      periodStart: (i === 0 ? today : schedule[i - 1]!.dueDate).toString(),
    })),
  );
  await tx
    .update(loansTable)
    .set({
      status: LoanStatus.ACTIVE,
      daysPastDue: 0,
      annualRate: rate.toString(),
      scheduledPrincipalMinor: principal,
      scheduledTermMonths: termMonths,
      restructuredOn: today.toString(),
    })
    .where(eq(loansTable.id, loanId));
  await tx
    .update(creditLinesTable)
    .set({
      drawnMinor: sql`${creditLinesTable.drawnMinor} + ${capitalised}`,
      status: CreditLineStatus.FROZEN,
    })
    .where(eq(creditLinesTable.id, loan.creditLineId));
  return ok({
    loanId,
    capitalised: m(capitalised),
    waived: m(waived),
    principal: m(principal),
    annualRate: rate,
    termMonths,
    firstDueDate: schedule[0]!.dueDate,
  });
}
