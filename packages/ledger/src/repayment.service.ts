import {
  idempotencyKeyProblem,
  KeyTakenMeanwhile,
  readStoredKey,
  storedOutcome,
  withTransaction,
  type Db,
  type IdempotencyError,
  type Replayable,
} from '@lending/db';
import { err, Money, ok, Role, type BusinessDate, type Clock, type Result } from '@lending/kernel';
import { Account, EntryKind } from './accounts.js';
import {
  allocateRepayment,
  COMPONENTS,
  ExcessUse,
  type Amounts,
  type InstallmentState,
} from './allocation.js';
import { LedgerError } from './errors.js';
import { prepareEntry } from './journal.js';
import { delinquencyOf, installmentStatusOf, LoanStatus } from './loan-status.js';
import type { Loan } from './loan.service.js';
import { RepaymentMethod } from './schedule.js';
import {
  lockLoanForRepayment,
  readRepaymentState,
  writeRepayment,
  RepaymentSource,
  type RepaymentInput,
  type RepaymentPlan,
  type RepaymentState,
} from './repayment.statements.js';

export { RepaymentSource, type RepaymentInput } from './repayment.statements.js';

/**
 * Told of every repayment that stands, inside its transaction, after it is
 * written: how other domains (collections) follow the money at once without
 * the ledger importing them. The gateway wires them.
 */
export type RepaymentFollower = (
  tx: Db,
  repaid: {
    readonly loanId: string;
    readonly borrowerId: string;
    readonly businessDate: BusinessDate;
    readonly now: Date;
    /** The loan's status and days past due after the repayment. */
    readonly status: LoanStatus;
    readonly daysPastDue: number;
  },
) => Promise<void>;

export interface RepaymentAllocation {
  readonly principal: Money;
  readonly interest: Money;
  readonly fees: Money;
  readonly penalty: Money;
  readonly excess: Money;
  /** Money recovered on a charged-off loan. */
  readonly recovery: Money;
  /**
   * Interest paid ahead on coming instalments that this payment made
   * unearned: a payoff adds it to `excess`, a recast to `principal`. The
   * parts and the excess add up to the amount plus this.
   */
  readonly interestReleased: Money;
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
  /** Absent from results stored before migration 0027 (it was always zero then). */
  readonly interestReleased: string;
}

/**
 * Takes a repayment on a loan (the borrower on their own loan, or OPS for a
 * transfer received), allocates it by the waterfall, and posts it:
 * Dr CASH; Cr the receivables paid; Cr BORROWER_CREDIT for any excess.
 * Repaid principal restores the line's availability. Idempotent per actor
 * and key; repayments on different loans touch no common row (the house
 * CASH account has no balance row: balances are summed from postings).
 *
 * Four round trips: BEGIN; one statement that locks the loan and reads its
 * instalments, the business date and any stored key; the allocation, in
 * code; one statement that writes every row of the repayment and claims the
 * key with its result; COMMIT.
 */
export async function makeRepayment(
  deps: { db: Db; clock: Clock; followers?: readonly RepaymentFollower[] },
  actor: { id: string; role: Role; borrowerId: string | null },
  input: { loanId: string; amount: Money; idempotencyKey: string; excessUse?: ExcessUse },
): Promise<Result<Repayment, LedgerError | IdempotencyError>> {
  if (!input.amount.isPositive())
    return err(LedgerError.INVALID_AMOUNT, 'Amount must be positive.', ['amount', 'amount']);
  const keyProblem = idempotencyKeyProblem(input.idempotencyKey);
  if (keyProblem) return err(keyProblem.code, keyProblem.message, keyProblem.field);
  const excessUse = input.excessUse ?? ExcessUse.NEXT_INSTALLMENTS;
  const command = {
    operation: 'makeRepayment',
    actorId: actor.id,
    key: input.idempotencyKey,
    // The default is left out of the digest, so keys stored before excessUse existed still replay.
    request:
      excessUse === ExcessUse.NEXT_INSTALLMENTS
        ? { loanId: input.loanId, amount: input.amount }
        : { loanId: input.loanId, amount: input.amount, excessUse },
    now: deps.clock.now(),
  };
  let outcome: Result<Replayable<StoredAllocation>, LedgerError | IdempotencyError>;
  let currency = input.amount.currency;
  try {
    outcome = await withTransaction(deps.db, async (tx) => {
      const state = await lockLoanForRepayment(tx, input.loanId, command);
      if (!state) return err(LedgerError.LOAN_NOT_FOUND, 'No such loan.', ['loanId']);
      const { loan } = state;
      const allowed =
        actor.role === Role.OPS ||
        (actor.role === Role.BORROWER && actor.borrowerId === loan.borrowerId);
      if (!allowed)
        return err(LedgerError.NOT_YOUR_LOAN, 'This loan belongs to someone else.', ['loanId']);
      currency = loan.principal.currency;
      if (currency !== input.amount.currency) {
        return err(LedgerError.CURRENCY_MISMATCH, `This loan is in ${currency}.`, [
          'amount',
          'currency',
        ]);
      }
      if (state.storedKey) return storedOutcome<StoredAllocation>(command, state.storedKey);
      if (loan.status === LoanStatus.PAID_OFF) {
        return err(LedgerError.LOAN_PAID_OFF, 'This loan is already paid off.');
      }
      if (
        excessUse === ExcessUse.REDUCE_TERM &&
        loan.repaymentMethod === RepaymentMethod.INTEREST_ONLY_BULLET
      ) {
        return err(
          LedgerError.EXCESS_USE_NOT_AVAILABLE,
          'An interest-only loan repays its principal at the end: its term cannot shorten. Use REDUCE_INSTALLMENT to lower its interest, or NEXT_INSTALLMENTS.',
          ['excessUse'],
        );
      }
      const plan = planRepayment(loan, state, {
        amount: input.amount.minor,
        businessDate: state.businessDate,
        now: command.now,
        receivedBy: actor.id,
        excessUse,
        source: RepaymentSource.PAYMENT,
      });
      const result = storedAllocation(plan);
      const claimed = await writeRepayment(tx, loan, plan, { command, result });
      if (!claimed) throw new KeyTakenMeanwhile();
      const after = plan.delinquency ?? { status: loan.status, daysPastDue: loan.daysPastDue };
      for (const follow of deps.followers ?? []) {
        await follow(tx, {
          loanId: loan.id,
          borrowerId: loan.borrowerId,
          businessDate: state.businessDate,
          now: command.now,
          status: after.status,
          daysPastDue: after.daysPastDue,
        });
      }
      return ok({ ...result, replayed: false } as Replayable<StoredAllocation>);
    });
  } catch (error) {
    if (!(error instanceof KeyTakenMeanwhile)) throw error;
    // A request with the same key committed between our read and our write: answer from it.
    const stored = await readStoredKey(deps.db, command);
    if (!stored) throw error;
    outcome = storedOutcome<StoredAllocation>(command, stored);
  }
  if (!outcome.ok) return outcome;
  const m = (minor: string) => Money.of(BigInt(minor), currency);
  return ok({
    loanId: input.loanId,
    replayed: outcome.value.replayed,
    allocation: {
      principal: m(outcome.value.principal),
      interest: m(outcome.value.interest),
      fees: m(outcome.value.fees),
      penalty: m(outcome.value.penalty),
      excess: m(outcome.value.excess),
      recovery: m(outcome.value.recovery),
      interestReleased: m((outcome.value.interestReleased as string | undefined) ?? '0'),
    },
  });
}

function storedAllocation(plan: RepaymentPlan): StoredAllocation {
  return {
    principal: plan.paid.principal.toString(),
    interest: (plan.paid.interest + plan.interestPaidAhead).toString(),
    fees: plan.paid.fees.toString(),
    penalty: plan.paid.penalty.toString(),
    excess: plan.excess.toString(),
    recovery: plan.recovery.toString(),
    interestReleased: plan.interestReleased.toString(),
  };
}

/**
 * Allocates and posts one repayment inside the caller's transaction, with the
 * loan row already locked. Used to replay history when a repayment is
 * reversed.
 */
export async function applyRepayment(
  tx: Db,
  loan: Loan,
  status: LoanStatus,
  payment: RepaymentInput,
  options: { replay: boolean },
): Promise<
  Pick<
    RepaymentPlan,
    'paid' | 'interestPaidAhead' | 'interestReleased' | 'principalPrepaid' | 'excess' | 'recovery'
  > & { entryId: string; status: LoanStatus; daysPastDue: number }
> {
  const state = await readRepaymentState(tx, { ...loan, status });
  const plan = planRepayment({ ...loan, status }, state, payment);
  await writeRepayment(tx, loan, plan, null, options);
  return {
    paid: plan.paid,
    interestPaidAhead: plan.interestPaidAhead,
    interestReleased: plan.interestReleased,
    principalPrepaid: plan.principalPrepaid,
    excess: plan.excess,
    recovery: plan.recovery,
    entryId: plan.entry.entry.id,
    status: plan.delinquency?.status ?? status,
    daysPastDue: plan.delinquency?.daysPastDue ?? loan.daysPastDue,
  };
}

function planRepayment(loan: Loan, state: RepaymentState, input: RepaymentInput): RepaymentPlan {
  const { amount, businessDate } = input;
  const currency = loan.principal.currency;
  let paid: Amounts = { principal: 0n, interest: 0n, fees: 0n, penalty: 0n };
  let interestPaidAhead = 0n;
  let interestReleased = 0n;
  let principalPrepaid = 0n;
  let excess = 0n;
  let recovery = 0n;
  let changed: RepaymentPlan['changed'] = [];
  let dropped: number[] = [];
  let delinquency: RepaymentPlan['delinquency'] = null;
  let termMonths: number | null = null;

  if (loan.status === LoanStatus.CHARGED_OFF) {
    recovery = amount < state.writtenOff ? amount : state.writtenOff;
    excess = amount - recovery;
  } else {
    const allocation = allocateRepayment(
      { currency, annualRate: loan.annualRate, method: loan.repaymentMethod },
      state.installments,
      businessDate,
      amount,
      input.excessUse,
    );
    ({ paid, interestPaidAhead, interestReleased, principalPrepaid, excess } = allocation);
    const before = new Map(state.installments.map((i) => [i.number, i]));
    changed = allocation.installments
      .map((i) => ({ ...i, status: installmentStatusOf(i, businessDate) }))
      .filter((i) => {
        const was = before.get(i.number);
        return !was || was.status !== i.status || !sameAmounts(was, i);
      });
    const kept = new Set(allocation.installments.map((i) => i.number));
    dropped = state.installments.map((i) => i.number).filter((n) => !kept.has(n));
    // The term is the schedule in force: a recast that drops rows shortens it.
    if (dropped.length > 0) termMonths = allocation.installments.length;
    const next = delinquencyOf(allocation.installments, businessDate);
    if (next.status !== loan.status || next.daysPastDue !== loan.daysPastDue) delinquency = next;
  }

  const m = (minor: bigint) => Money.of(minor, currency);
  const from =
    input.source === RepaymentSource.CREDIT_BALANCE ? Account.BORROWER_CREDIT : Account.CASH;
  const entry = prepareEntry({
    borrowerId: loan.borrowerId,
    loanId: loan.id,
    kind: EntryKind.REPAYMENT,
    businessDate,
    createdAt: input.now,
    lines: [
      { account: from, debit: m(amount) },
      { account: Account.INTEREST_PAID_IN_ADVANCE, debit: m(interestReleased) },
      { account: Account.RECEIVABLE_PENALTY, credit: m(paid.penalty) },
      { account: Account.RECEIVABLE_FEES, credit: m(paid.fees) },
      { account: Account.RECEIVABLE_INTEREST, credit: m(paid.interest) },
      { account: Account.INTEREST_PAID_IN_ADVANCE, credit: m(interestPaidAhead) },
      { account: Account.RECEIVABLE_PRINCIPAL, credit: m(paid.principal) },
      { account: Account.LOSS_WRITE_OFF, credit: m(recovery) },
      { account: Account.BORROWER_CREDIT, credit: m(excess) },
    ],
  });
  return {
    paid,
    interestPaidAhead,
    interestReleased,
    principalPrepaid,
    excess,
    recovery,
    input,
    changed,
    dropped,
    termMonths,
    delinquency,
    entry,
  };
}

const sameAmounts = (a: InstallmentState, b: InstallmentState) =>
  COMPONENTS.every((c) => a.due[c] === b.due[c] && a.paid[c] === b.paid[c]);
