import { Money, type BusinessDate, type Rate } from '@lending/kernel';
import { isSettled } from './loan-status.js';
import { levelPayment, RepaymentMethod } from './schedule.js';

export const COMPONENTS = ['penalty', 'fees', 'interest', 'principal'] as const;
export type Component = (typeof COMPONENTS)[number];
export type Amounts = Record<Component, bigint>;

/** Penalty, then fees, then interest, then principal, unless a product says otherwise. */
export const DEFAULT_WATERFALL: readonly Component[] = COMPONENTS;

export interface InstallmentState {
  readonly number: number;
  readonly dueDate: BusinessDate;
  due: Amounts;
  paid: Amounts;
  /** Interest of this period already accrued by close of business. */
  interestAccrued: bigint;
}

export interface LoanTerms {
  readonly currency: string;
  readonly principal: bigint;
  readonly annualRate: Rate;
  readonly termMonths: number;
  readonly method: RepaymentMethod;
}

export interface Allocation {
  /** The installments after the payment: changed amounts, and rows dropped when the term shortens. */
  readonly installments: InstallmentState[];
  readonly paid: Amounts;
  readonly excess: bigint;
  readonly paidOff: boolean;
}

const zero = (): Amounts => ({ penalty: 0n, fees: 0n, interest: 0n, principal: 0n });
const min = (a: bigint, b: bigint) => (a < b ? a : b);
const max = (a: bigint, b: bigint) => (a > b ? a : b);

/**
 * Allocates a repayment, as a pure function of the loan's state:
 * 1. instalments due by the business date, oldest first, each through the
 *    waterfall;
 * 2. what remains settles the loan if it covers the payoff (remaining
 *    principal plus the current period's interest accrued so far; interest
 *    not yet accrued is not charged), the rest of it becoming excess;
 * 3. otherwise it prepays principal: it is recorded on the current
 *    instalment, whose regular amount is unchanged, and the instalments after
 *    it are recomputed from the new balance by the loan's rules, keeping the
 *    instalment amount (or the principal part, for equal principal), so the
 *    term shortens.
 */
export function allocateRepayment(
  terms: LoanTerms,
  state: readonly InstallmentState[],
  businessDate: BusinessDate,
  amount: bigint,
  waterfall: readonly Component[] = DEFAULT_WATERFALL,
): Allocation {
  const installments = state
    .map((i) => ({ ...i, due: { ...i.due }, paid: { ...i.paid } }))
    .sort((a, b) => a.number - b.number);
  const paid = zero();
  let remaining = amount;

  for (const inst of installments) {
    if (inst.dueDate.isAfter(businessDate) || remaining === 0n) continue;
    for (const component of waterfall) {
      const take = min(remaining, max(0n, inst.due[component] - inst.paid[component]));
      inst.paid[component] += take;
      paid[component] += take;
      remaining -= take;
    }
  }

  const notDue = installments.filter((i) => i.dueDate.isAfter(businessDate));
  const current = notDue[0];
  if (remaining === 0n || !current) {
    return { installments, paid, excess: remaining, paidOff: installments.every(isSettled) };
  }

  const principalLeft = notDue.reduce((sum, i) => sum + i.due.principal - i.paid.principal, 0n);
  // Never more than the period's interest, whatever was accrued.
  const accruedOpen = max(
    0n,
    min(current.interestAccrued, current.due.interest) - current.paid.interest,
  );
  if (remaining >= principalLeft + accruedOpen) {
    // Payoff: interest to date, all principal; later periods' interest is never charged.
    current.due.interest = current.paid.interest + accruedOpen;
    current.paid.interest += accruedOpen;
    paid.interest += accruedOpen;
    for (const inst of notDue) {
      const owed = inst.due.principal - inst.paid.principal;
      inst.paid.principal += owed;
      paid.principal += owed;
      if (inst !== current) inst.due.interest = inst.paid.interest;
    }
    remaining -= principalLeft + accruedOpen;
    return { installments, paid, excess: remaining, paidOff: installments.every(isSettled) };
  }

  // Short of the payoff: principal first, as the rule says. Only when this
  // covers all principal but not the interest accrued so far does the rest go
  // to that interest (principal cannot be overpaid).
  const prepaid = min(remaining, principalLeft);
  const toInterest = remaining - prepaid;
  current.paid.interest += toInterest;
  paid.interest += toInterest;
  paid.principal += prepaid;
  const rebuilt = reschedule(terms, notDue, principalLeft - prepaid, prepaid);
  const kept = installments.filter((i) => !i.dueDate.isAfter(businessDate));
  return { installments: [...kept, ...rebuilt], paid, excess: 0n, paidOff: false };
}

/**
 * The not-yet-due instalments after a prepayment of `prepaid` leaves
 * `balance` of principal. The current instalment keeps its interest (it
 * accrues on the balance the period opened with) and records the
 * prepayment as principal paid.
 */
function reschedule(
  terms: LoanTerms,
  notDue: InstallmentState[],
  balance: bigint,
  prepaid: bigint,
): InstallmentState[] {
  const money = (minor: bigint) => Money.of(minor, terms.currency);
  const interestOn = (minor: bigint) => money(minor).multiplyRatio(terms.annualRate, 12n).minor;
  const principal = money(terms.principal);
  const payment = levelPayment(principal, terms.annualRate, terms.termMonths).minor;
  const level = principal.divide(BigInt(terms.termMonths)).minor;

  const out: InstallmentState[] = [];
  let opening = balance;
  for (const [index, inst] of notDue.entries()) {
    const isCurrent = index === 0;
    const isLastRow = index === notDue.length - 1;
    const interest = isCurrent
      ? inst.due.interest
      : terms.method === RepaymentMethod.INTEREST_ONLY_BULLET
        ? interestOn(balance)
        : interestOn(opening);
    let part: bigint;
    if (isLastRow) part = opening;
    else if (terms.method === RepaymentMethod.EQUAL_INSTALLMENT) part = payment - interest;
    else if (terms.method === RepaymentMethod.EQUAL_PRINCIPAL) part = level;
    else part = 0n;
    part = min(max(0n, part), opening);
    const priorPaid = inst.paid.principal;
    const next: InstallmentState = {
      ...inst,
      due: { ...inst.due, interest, principal: priorPaid + (isCurrent ? prepaid : 0n) + part },
      paid: { ...inst.paid, principal: priorPaid + (isCurrent ? prepaid : 0n) },
    };
    out.push(next);
    opening -= part;
    if (opening === 0n) break; // the term shortens: later rows are dropped
  }
  return out;
}
