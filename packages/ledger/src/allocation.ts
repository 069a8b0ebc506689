import { Money, type BusinessDate, type Rate } from '@lending/kernel';
import { isSettled } from './loan-status.js';
import { levelPayment, RepaymentMethod } from './schedule.js';

export const COMPONENTS = ['penalty', 'fees', 'interest', 'principal'] as const;
export type Component = (typeof COMPONENTS)[number];
export type Amounts = Record<Component, bigint>;

/** Penalty, then fees, then interest, then principal, unless a product says otherwise. */
export const DEFAULT_WATERFALL: readonly Component[] = COMPONENTS;

/**
 * What money beyond what is due now does (the contract's ExcessRepaymentUse).
 * NEXT_INSTALLMENTS, the default, pays the coming instalments in order: the
 * schedule and the term stay. REDUCE_TERM and REDUCE_INSTALLMENT repay
 * principal now and recast the schedule: fewer instalments of the same size,
 * or as many, smaller.
 */
export const ExcessUse = {
  NEXT_INSTALLMENTS: 'NEXT_INSTALLMENTS',
  REDUCE_TERM: 'REDUCE_TERM',
  REDUCE_INSTALLMENT: 'REDUCE_INSTALLMENT',
} as const;
export type ExcessUse = (typeof ExcessUse)[keyof typeof ExcessUse];

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
  readonly annualRate: Rate;
  readonly method: RepaymentMethod;
}

export interface Allocation {
  /** The instalments after the payment: changed amounts, and rows dropped when the term shortens. */
  readonly installments: InstallmentState[];
  /**
   * Credited to each receivable. Interest here is interest that had accrued;
   * interest paid before it accrues is `interestPaidAhead`.
   */
  readonly paid: Amounts;
  /** Interest of coming periods paid before close of business accrued it (a liability until it does). */
  readonly interestPaidAhead: bigint;
  /**
   * Interest paid ahead earlier that this payment made unearned: a payoff
   * returns it to the credit balance (it is in `excess`), a recast counts it
   * towards principal (it is in `paid.principal`).
   */
  readonly interestReleased: bigint;
  /** Of principal, what a recast took off the schedule (paid now, or paid ahead before). */
  readonly principalPrepaid: bigint;
  /** Beyond the payoff: held as the line's credit balance. */
  readonly excess: bigint;
  readonly paidOff: boolean;
}

const zero = (): Amounts => ({ penalty: 0n, fees: 0n, interest: 0n, principal: 0n });
const min = (a: bigint, b: bigint) => (a < b ? a : b);
const max = (a: bigint, b: bigint) => (a > b ? a : b);
const owed = (i: InstallmentState, c: Component) => max(0n, i.due[c] - i.paid[c]);
/** Interest of the row that close of business has earned so far. */
const earned = (i: InstallmentState) => min(i.interestAccrued, i.due.interest);

/**
 * Allocates a repayment, as a pure function of the loan's state:
 * 1. instalments due by the business date, oldest first, each through the
 *    waterfall;
 * 2. what remains settles the loan if it covers the payoff: principal left,
 *    fees and penalties, and the interest accrued so far (interest not yet
 *    accrued is never charged; interest paid ahead of accrual counts towards
 *    the payoff and what it leaves over joins the excess, the line's credit
 *    balance);
 * 3. otherwise, by `excessUse`: the coming instalments in order, each
 *    through the waterfall (NEXT_INSTALLMENTS), or a principal prepayment
 *    that recasts the instalments not yet due (REDUCE_TERM,
 *    REDUCE_INSTALLMENT; see recast).
 */
export function allocateRepayment(
  terms: LoanTerms,
  state: readonly InstallmentState[],
  businessDate: BusinessDate,
  amount: bigint,
  excessUse: ExcessUse = ExcessUse.NEXT_INSTALLMENTS,
  waterfall: readonly Component[] = DEFAULT_WATERFALL,
): Allocation {
  const installments = state
    .map((i) => ({ ...i, due: { ...i.due }, paid: { ...i.paid } }))
    .sort((a, b) => a.number - b.number);
  const paid = zero();
  let interestPaidAhead = 0n;
  let remaining = amount;

  /** Pays what `remaining` allows of one row, component by component. */
  const payRow = (inst: InstallmentState) => {
    for (const component of waterfall) {
      const take = min(remaining, owed(inst, component));
      if (take === 0n) continue;
      if (component === 'interest') {
        // What had accrued and was unpaid is a receivable; the rest is paid ahead of accrual.
        const accruedOpen = max(0n, inst.interestAccrued - inst.paid.interest);
        const receivable = min(take, accruedOpen);
        paid.interest += receivable;
        interestPaidAhead += take - receivable;
      } else {
        paid[component] += take;
      }
      inst.paid[component] += take;
      remaining -= take;
    }
  };
  const result = (extra: Partial<Allocation> = {}): Allocation => ({
    installments,
    paid,
    interestPaidAhead,
    interestReleased: 0n,
    principalPrepaid: 0n,
    excess: remaining,
    paidOff: installments.every(isSettled),
    ...extra,
  });

  for (const inst of installments) {
    if (remaining === 0n) break;
    if (!inst.dueDate.isAfter(businessDate)) payRow(inst);
  }
  const notDue = installments.filter((i) => i.dueDate.isAfter(businessDate));
  if (remaining === 0n || notDue.length === 0) return result();

  // The payoff of what is not due yet, and the interest paid ahead that it would leave unearned.
  let need = 0n;
  let releasable = 0n;
  for (const i of notDue) {
    need += owed(i, 'principal') + owed(i, 'fees') + owed(i, 'penalty');
    need += max(0n, earned(i) - i.paid.interest);
    releasable += max(0n, i.paid.interest - earned(i));
  }
  if (remaining + releasable >= need) {
    for (const inst of notDue) {
      const interest = earned(inst);
      if (inst.paid.interest > interest) inst.paid.interest = interest;
      inst.due.interest = interest; // later interest is never charged
      for (const component of COMPONENTS) {
        const take = owed(inst, component);
        inst.paid[component] += take;
        paid[component] += take;
      }
    }
    const excess = remaining + releasable - need;
    remaining = 0n;
    return result({ interestReleased: releasable, excess, paidOff: true });
  }

  if (excessUse === ExcessUse.NEXT_INSTALLMENTS) {
    for (const inst of notDue) {
      if (remaining === 0n) break;
      payRow(inst);
    }
    return result();
  }
  const cast = recast(terms, installments, notDue, remaining, excessUse);
  installments.splice(0, installments.length, ...cast.schedule);
  remaining -= cast.fromMoney;
  paid.principal += cast.fromMoney + cast.released;
  // Only once the balance is zero is money left: it pays the current row's interest, fees, penalty.
  if (remaining > 0n) payRow(notDue[0]!);
  return result({
    interestReleased: cast.released + cast.overflow,
    principalPrepaid: cast.principalPrepaid,
    excess: remaining + cast.overflow,
    paidOff: false,
  });
}
/**
 * A principal prepayment. Everything already paid towards the instalments
 * not yet due counts towards principal with the new money: their principal
 * paid, and the interest paid ahead on the periods after the current one
 * (those periods are rebuilt on the lower balance). The current instalment
 * keeps its interest (it accrues on the balance its period opened with) and
 * what was paid of it; its principal part and every later row are rebuilt
 * from the balance left, by the loan's method:
 * - REDUCE_TERM keeps the instalment (EQUAL_INSTALLMENT: the current row's
 *   total; EQUAL_PRINCIPAL: its principal part), so the rows run out sooner
 *   and the last one takes what is left;
 * - REDUCE_INSTALLMENT keeps the number of rows: the balance is spread over
 *   them as a new schedule would (a level payment, equal principal parts, or
 *   interest only until the last).
 * Interest of the rebuilt periods is round(opening balance x rate / 12)
 * (the bullet's on the balance), as buildSchedule computes it. Money the
 * principal cannot take (the balance reaches zero) pays the current row's
 * interest, fees and penalty.
 */
function recast(
  terms: LoanTerms,
  installments: readonly InstallmentState[],
  notDue: InstallmentState[],
  money: bigint,
  excessUse: ExcessUse,
): {
  schedule: InstallmentState[];
  fromMoney: bigint;
  released: bigint;
  principalPrepaid: bigint;
  /** Interest paid ahead that no row can hold any more: it joins the excess. */
  overflow: bigint;
} {
  const [current, ...later] = notDue as [InstallmentState, ...InstallmentState[]];
  const regular = {
    principal: current.due.principal,
    total: current.due.principal + current.due.interest,
  };
  const principalLeft = notDue.reduce((s, i) => s + owed(i, 'principal'), 0n);
  const paidAheadPrincipal = notDue.reduce((s, i) => s + i.paid.principal, 0n);
  const releasedCandidate = later.reduce((s, i) => s + i.paid.interest, 0n);

  const fromMoney = min(money, principalLeft);
  const released = min(releasedCandidate, principalLeft - fromMoney);
  const balance = principalLeft - fromMoney - released;
  const principalPrepaid = paidAheadPrincipal + fromMoney + released;
  // What neither the principal nor its release could take: interest paid ahead that stays so,
  // on the current row (its period keeps its interest), and new money for that row.
  const interestKept = releasedCandidate - released;

  for (const inst of notDue) {
    inst.paid.principal = 0n;
    if (inst !== current) inst.paid.interest = 0n;
  }
  const room = max(0n, current.due.interest - current.paid.interest);
  current.paid.interest += min(room, interestKept);
  const overflow = interestKept - min(room, interestKept);

  const money2 = (minor: bigint) => Money.of(minor, terms.currency);
  const interestOn = (minor: bigint) => money2(minor).multiplyRatio(terms.annualRate, 12n).minor;
  // Nothing left to spread: the current row alone stays, with its interest.
  const rows = balance === 0n ? 1 : notDue.length;
  const parts: { principal: bigint; interest: bigint }[] = [];
  let opening = balance;
  if (excessUse === ExcessUse.REDUCE_TERM) {
    for (let k = 0; k < rows && (k === 0 || opening > 0n); k++) {
      const interest =
        k === 0
          ? current.due.interest
          : terms.method === RepaymentMethod.INTEREST_ONLY_BULLET
            ? interestOn(balance)
            : interestOn(opening);
      let part =
        k === rows - 1
          ? opening
          : terms.method === RepaymentMethod.EQUAL_INSTALLMENT
            ? regular.total - interest
            : regular.principal;
      part = min(max(0n, part), opening);
      parts.push({ principal: part, interest });
      opening -= part;
    }
  } else {
    const remainingRows = BigInt(rows);
    const payment =
      terms.method === RepaymentMethod.EQUAL_INSTALLMENT
        ? levelPayment(money2(balance), terms.annualRate, rows).minor
        : 0n;
    const level = money2(balance).divide(remainingRows).minor;
    for (let k = 0; k < rows; k++) {
      const standard =
        terms.method === RepaymentMethod.INTEREST_ONLY_BULLET
          ? interestOn(balance)
          : interestOn(opening);
      const interest = k === 0 ? current.due.interest : standard;
      let part =
        k === rows - 1
          ? opening
          : terms.method === RepaymentMethod.EQUAL_INSTALLMENT
            ? payment - standard
            : terms.method === RepaymentMethod.EQUAL_PRINCIPAL
              ? level
              : 0n;
      part = min(max(0n, part), opening);
      parts.push({ principal: part, interest });
      opening -= part;
    }
  }

  const kept = notDue.slice(0, parts.length);
  const dropped = notDue.slice(parts.length);
  kept.forEach((inst, k) => {
    inst.due.principal = parts[k]!.principal;
    inst.due.interest = parts[k]!.interest;
  });
  // Fees and penalties of rows the shorter term drops fall due with its last row.
  const lastKept = kept[kept.length - 1]!;
  for (const gone of dropped) {
    lastKept.due.fees += gone.due.fees;
    lastKept.due.penalty += gone.due.penalty;
    lastKept.paid.fees += gone.paid.fees;
    lastKept.paid.penalty += gone.paid.penalty;
  }
  const keptNumbers = new Set(kept.map((i) => i.number));
  const schedule = installments.filter((i) => !notDue.includes(i) || keptNumbers.has(i.number));
  return { schedule, fromMoney, released, principalPrepaid, overflow };
}
