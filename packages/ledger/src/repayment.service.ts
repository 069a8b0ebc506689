import { and, eq, inArray, sql } from 'drizzle-orm';
import { getBusinessDate, queryRows, runIdempotent, type Db } from '@lending/db';
import {
  BusinessDate,
  err,
  Money,
  newId,
  ok,
  Role,
  type Clock,
  type Result,
} from '@lending/kernel';
import { Account, EntryKind } from './accounts.js';
import { allocateRepayment, type Amounts, type InstallmentState } from './allocation.js';
import { LedgerError } from './errors.js';
import { postEntry } from './journal.js';
import { delinquencyOf, installmentStatusOf, LoanStatus } from './loan-status.js';
import { getLoansByIds, type Loan } from './loan.service.js';
import { creditLinesTable, installmentsTable, loansTable, repaymentsTable } from './schema.js';

export interface RepaymentAllocation {
  readonly principal: Money;
  readonly interest: Money;
  readonly fees: Money;
  readonly penalty: Money;
  readonly excess: Money;
  /** Money recovered on a charged-off loan. */
  readonly recovery: Money;
}

export interface Repayment {
  readonly loanId: string;
  readonly allocation: RepaymentAllocation;
  readonly replayed: boolean;
}

/** Minor units as decimal strings: what the idempotency key stores and a replay returns. */
interface StoredAllocation {
  readonly [part: string]: string;
  readonly principal: string;
  readonly interest: string;
  readonly fees: string;
  readonly penalty: string;
  readonly excess: string;
  readonly recovery: string;
}

/**
 * Takes a repayment on a loan (the borrower on their own loan, or OPS for a
 * transfer received), allocates it by the waterfall, and posts it:
 * Dr CASH; Cr the receivables paid; Cr BORROWER_CREDIT for any excess.
 * Repaid principal restores the line's availability. Idempotent per actor
 * and key; repayments on different loans touch no common row.
 */
export async function makeRepayment(
  deps: { db: Db; clock: Clock },
  actor: { id: string; role: Role; borrowerId: string | null },
  input: { loanId: string; amount: Money; idempotencyKey: string },
): Promise<Result<Repayment, LedgerError>> {
  if (!input.amount.isPositive())
    return err(LedgerError.INVALID_AMOUNT, 'Amount must be positive.', ['amount', 'amount']);
  const [loan] = await getLoansByIds(deps.db, [input.loanId]);
  if (!loan) return err(LedgerError.LOAN_NOT_FOUND, 'No such loan.', ['loanId']);
  const allowed =
    actor.role === Role.OPS ||
    (actor.role === Role.BORROWER && actor.borrowerId === loan.borrowerId);
  if (!allowed)
    return err(LedgerError.NOT_YOUR_LOAN, 'This loan belongs to someone else.', ['loanId']);
  if (loan.principal.currency !== input.amount.currency) {
    return err(LedgerError.CURRENCY_MISMATCH, `This loan is in ${loan.principal.currency}.`, [
      'amount',
      'currency',
    ]);
  }
  const currency = loan.principal.currency;
  const now = deps.clock.now();
  const outcome = await runIdempotent(
    deps.db,
    {
      operation: 'makeRepayment',
      actorId: actor.id,
      key: input.idempotencyKey,
      request: { loanId: input.loanId, amount: input.amount },
      now,
    },
    async (tx): Promise<Result<StoredAllocation, LedgerError>> => {
      // The loan row is the lock: one loan's repayments and close of business queue here.
      const [locked] = await tx
        .select()
        .from(loansTable)
        .where(eq(loansTable.id, loan.id))
        .for('update');
      if (!locked) throw new Error('loan vanished');
      if (locked.status === LoanStatus.PAID_OFF) {
        return err(LedgerError.LOAN_PAID_OFF, 'This loan is already paid off.');
      }
      const businessDate = BusinessDate.parseOrThrow(await getBusinessDate(tx));
      const { paid, excess, recovery } = await applyRepayment(
        tx,
        loan,
        locked.status as LoanStatus,
        { amount: input.amount.minor, businessDate, now, receivedBy: actor.id },
      );
      return ok({
        principal: paid.principal.toString(),
        interest: paid.interest.toString(),
        fees: paid.fees.toString(),
        penalty: paid.penalty.toString(),
        excess: excess.toString(),
        recovery: recovery.toString(),
      });
    },
  );
  if (!outcome.ok) return outcome;
  const m = (minor: string) => Money.of(BigInt(minor), currency);
  return ok({
    loanId: loan.id,
    replayed: outcome.value.replayed,
    allocation: {
      principal: m(outcome.value.principal),
      interest: m(outcome.value.interest),
      fees: m(outcome.value.fees),
      penalty: m(outcome.value.penalty),
      excess: m(outcome.value.excess),
      recovery: m(outcome.value.recovery),
    },
  });
}

/**
 * Allocates and posts one repayment inside the caller's transaction, with the
 * loan row already locked. Also used to replay history when a repayment is
 * reversed.
 */
export async function applyRepayment(
  tx: Db,
  loan: Loan,
  status: LoanStatus,
  payment: { amount: bigint; businessDate: BusinessDate; now: Date; receivedBy: string },
): Promise<{ paid: Amounts; excess: bigint; recovery: bigint; entryId: string }> {
  const { amount, businessDate, now, receivedBy } = payment;
  const currency = loan.principal.currency;
  const zero = { principal: 0n, interest: 0n, fees: 0n, penalty: 0n };
  let paid = zero;
  let excess = 0n;
  let recovery = 0n;

  if (status === LoanStatus.CHARGED_OFF) {
    const [row] = await queryRows<{ open: string | bigint }>(
      tx,
      sql`select coalesce(sum(debit_minor - credit_minor), 0) as open from postings
            where loan_id = ${loan.id} and account = ${Account.LOSS_WRITE_OFF}`,
    );
    const writtenOff = BigInt(row?.open ?? 0);
    recovery = amount < writtenOff ? amount : writtenOff;
    excess = amount - recovery;
  } else {
    const rows = await tx
      .select()
      .from(installmentsTable)
      .where(eq(installmentsTable.loanId, loan.id));
    const state: InstallmentState[] = rows.map((r) => ({
      number: r.number,
      dueDate: BusinessDate.parseOrThrow(r.dueDate),
      due: {
        penalty: BigInt(r.penaltyDueMinor),
        fees: BigInt(r.feesDueMinor),
        interest: BigInt(r.interestDueMinor),
        principal: BigInt(r.principalDueMinor),
      },
      paid: {
        penalty: BigInt(r.penaltyPaidMinor),
        fees: BigInt(r.feesPaidMinor),
        interest: BigInt(r.interestPaidMinor),
        principal: BigInt(r.principalPaidMinor),
      },
      interestAccrued: BigInt(r.interestAccruedMinor),
    }));
    const allocation = allocateRepayment(
      {
        currency,
        principal: loan.schedule.principal.minor,
        annualRate: loan.annualRate,
        termMonths: loan.schedule.termMonths,
        method: loan.repaymentMethod,
      },
      state,
      businessDate,
      amount,
    );
    paid = allocation.paid;
    excess = allocation.excess;
    await writeInstallments(
      tx,
      loan.id,
      rows.map((r) => r.number),
      allocation.installments,
      businessDate,
    );
    const delinquency = delinquencyOf(allocation.installments, businessDate);
    await tx
      .update(loansTable)
      .set({ status: delinquency.status, daysPastDue: delinquency.daysPastDue })
      .where(eq(loansTable.id, loan.id));
    if (paid.principal > 0n) {
      await tx
        .update(creditLinesTable)
        .set({ drawnMinor: sql`${creditLinesTable.drawnMinor} - ${paid.principal}` })
        .where(eq(creditLinesTable.id, loan.creditLineId));
    }
  }

  const m = (minor: bigint) => Money.of(minor, currency);
  const entryId = await postEntry(tx, {
    borrowerId: loan.borrowerId,
    loanId: loan.id,
    kind: EntryKind.REPAYMENT,
    businessDate,
    createdAt: now,
    lines: [
      { account: Account.CASH, debit: m(amount) },
      { account: Account.RECEIVABLE_PENALTY, credit: m(paid.penalty) },
      { account: Account.RECEIVABLE_FEES, credit: m(paid.fees) },
      { account: Account.RECEIVABLE_INTEREST, credit: m(paid.interest) },
      { account: Account.RECEIVABLE_PRINCIPAL, credit: m(paid.principal) },
      { account: Account.LOSS_WRITE_OFF, credit: m(recovery) },
      { account: Account.BORROWER_CREDIT, credit: m(excess) },
    ],
  });
  await tx.insert(repaymentsTable).values({
    id: newId(),
    loanId: loan.id,
    borrowerId: loan.borrowerId,
    entryId,
    businessDate: businessDate.toString(),
    amountMinor: amount,
    principalMinor: paid.principal,
    interestMinor: paid.interest,
    feesMinor: paid.fees,
    penaltyMinor: paid.penalty,
    excessMinor: excess,
    recoveryMinor: recovery,
    receivedBy,
    createdAt: now,
  });
  return { paid, excess, recovery, entryId };
}

async function writeInstallments(
  tx: Db,
  loanId: string,
  before: readonly number[],
  after: readonly InstallmentState[],
  businessDate: BusinessDate,
): Promise<void> {
  const kept = new Set(after.map((i) => i.number));
  const dropped = before.filter((n) => !kept.has(n));
  if (dropped.length > 0) {
    await tx
      .delete(installmentsTable)
      .where(and(eq(installmentsTable.loanId, loanId), inArray(installmentsTable.number, dropped)));
  }
  if (after.length === 0) return;
  // One statement for the whole schedule, not one round trip per instalment.
  const rows = after.map((i) => {
    const status = installmentStatusOf(i, businessDate);
    return sql`(${i.number}::int, ${i.due.principal}::bigint, ${i.due.interest}::bigint, ${i.due.fees}::bigint,
      ${i.due.penalty}::bigint, ${i.paid.principal}::bigint, ${i.paid.interest}::bigint, ${i.paid.fees}::bigint,
      ${i.paid.penalty}::bigint, ${status}::text)`;
  });
  await tx.execute(sql`
    update installments i set
      principal_due_minor = v.principal_due, interest_due_minor = v.interest_due,
      fees_due_minor = v.fees_due, penalty_due_minor = v.penalty_due,
      principal_paid_minor = v.principal_paid, interest_paid_minor = v.interest_paid,
      fees_paid_minor = v.fees_paid, penalty_paid_minor = v.penalty_paid, status = v.status
    from (values ${sql.join(rows, sql`, `)}) as v(number, principal_due, interest_due, fees_due, penalty_due,
      principal_paid, interest_paid, fees_paid, penalty_paid, status)
    where i.loan_id = ${loanId}::uuid and i.number = v.number`);
}
