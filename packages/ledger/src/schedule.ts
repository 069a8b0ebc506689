import { type BusinessDate, Decimal, Money, type Rate } from '@lending/kernel';

export const RepaymentMethod = {
  EQUAL_INSTALLMENT: 'EQUAL_INSTALLMENT',
  EQUAL_PRINCIPAL: 'EQUAL_PRINCIPAL',
  INTEREST_ONLY_BULLET: 'INTEREST_ONLY_BULLET',
} as const;
export type RepaymentMethod = (typeof RepaymentMethod)[keyof typeof RepaymentMethod];

export const TERMS_MONTHS = [3, 6, 9, 12, 18, 24] as const;
export type TermMonths = (typeof TERMS_MONTHS)[number];

const MONTHS_PER_YEAR = 12n;

export interface ScheduledInstallment {
  readonly number: number;
  readonly dueDate: BusinessDate;
  readonly openingPrincipal: Money;
  readonly principalDue: Money;
  readonly interestDue: Money;
}

export interface ScheduleInput {
  readonly principal: Money;
  readonly annualRate: Rate;
  readonly termMonths: number;
  readonly method: RepaymentMethod;
  readonly disbursedOn: BusinessDate;
}

/**
 * The instalment plan, by the conventions in this package's README: due
 * monthly on the disbursement day (month-end rule, counted from the
 * disbursement date so Jan 31 gives Feb 28/29, Mar 31, Apr 30), periodic rate
 * annualRate / 12, every amount rounded half-even once, and the last
 * instalment's principal is whatever remains, so principals sum to the loan.
 */
export function buildSchedule(input: ScheduleInput): ScheduledInstallment[] {
  const { principal, annualRate, termMonths: n, method, disbursedOn } = input;
  if (!Number.isInteger(n) || n < 1)
    throw new RangeError('term must be a positive whole number of months');
  if (!principal.isPositive()) throw new RangeError('principal must be positive');
  const interestOn = (balance: Money) => balance.multiplyRatio(annualRate, MONTHS_PER_YEAR);

  const rows: ScheduledInstallment[] = [];
  let balance = principal;
  const level =
    method === RepaymentMethod.EQUAL_INSTALLMENT
      ? levelPayment(principal, annualRate, n)
      : method === RepaymentMethod.EQUAL_PRINCIPAL
        ? principal.divide(BigInt(n))
        : null;
  for (let k = 1; k <= n; k++) {
    const last = k === n;
    const interest =
      method === RepaymentMethod.INTEREST_ONLY_BULLET ? interestOn(principal) : interestOn(balance);
    let principalPart: Money;
    if (last) principalPart = balance;
    else if (method === RepaymentMethod.INTEREST_ONLY_BULLET)
      principalPart = Money.zero(principal.currency);
    else if (method === RepaymentMethod.EQUAL_INSTALLMENT)
      principalPart = level!.subtract(interest);
    else principalPart = level!;
    // Rounding can never push a middle instalment past what is owed.
    principalPart = Money.zero(principal.currency).max(principalPart.min(balance));
    rows.push({
      number: k,
      dueDate: disbursedOn.addMonths(k),
      openingPrincipal: balance,
      principalDue: principalPart,
      interestDue: interest,
    });
    balance = balance.subtract(principalPart);
  }
  return rows;
}

/** round(P · r / (1 − (1 + r)^−n)) with r = annualRate / 12; P / n when the rate is zero. */
export function levelPayment(principal: Money, annualRate: Rate, n: number): Money {
  if (annualRate.isZero()) return principal.divide(BigInt(n));
  const r = annualRate.toDecimal().div(12);
  const factor = r.div(new Decimal(1).minus(new Decimal(1).plus(r).pow(-n)));
  return principal.multiply(factor);
}
