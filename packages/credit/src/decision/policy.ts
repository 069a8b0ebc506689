import { Decimal, Money, Rate } from '@lending/kernel';

/**
 * The credit policy in one place: products, grade bands and terms, and the
 * hard rules. Both scorecards are scaled alike (600 points = 50:1 good:bad,
 * 20 points double the odds), so one set of score bands grades both; each
 * band's edge is the score of a round probability of default.
 */
export const RiskGrade = { A: 'A', B: 'B', C: 'C', D: 'D', E: 'E' } as const;
export type RiskGrade = (typeof RiskGrade)[keyof typeof RiskGrade];

export const GRADE_BANDS: readonly { grade: RiskGrade; minScore: number; pdBelow: string }[] = [
  { grade: 'A', minScore: 572, pdBelow: '0.05' },
  { grade: 'B', minScore: 551, pdBelow: '0.10' },
  // The cost-neutral cut-off of german_credit_schema.json's cost matrix (a bad
  // accepted costs 5, a good declined 1): lend while PD < 1/6.
  { grade: 'C', minScore: 534, pdBelow: '0.1667' },
  { grade: 'D', minScore: 512, pdBelow: '0.30' },
  { grade: 'E', minScore: -Infinity, pdBelow: '1' },
];

export function gradeOf(score: number): RiskGrade {
  return GRADE_BANDS.find((b) => score >= b.minScore)!.grade;
}

/** What each grade is offered: its annual rate and its cap as a share of the product's maximum line. */
export const GRADE_TERMS: Readonly<
  Record<Exclude<RiskGrade, 'E'>, { annualRate: Rate; capShare: string }>
> = {
  A: { annualRate: Rate.of('0.099'), capShare: '1' },
  B: { annualRate: Rate.of('0.139'), capShare: '0.6' },
  C: { annualRate: Rate.of('0.179'), capShare: '0.35' },
  D: { annualRate: Rate.of('0.219'), capShare: '0.2' },
};

/** The annual cost cap no offered rate may exceed (the ledger's default cap). */
export const ANNUAL_RATE_CAP = Rate.of('0.24');

/** Credit lines are offered in these currencies, within these bounds. */
export const PRODUCTS: Readonly<Record<string, { minLimit: Money; maxLimit: Money }>> = {
  CNY: {
    minLimit: Money.parseOrThrow('1000', 'CNY'),
    maxLimit: Money.parseOrThrow('200000', 'CNY'),
  },
  USD: { minLimit: Money.parseOrThrow('500', 'USD'), maxLimit: Money.parseOrThrow('30000', 'USD') },
  EUR: { minLimit: Money.parseOrThrow('500', 'EUR'), maxLimit: Money.parseOrThrow('30000', 'EUR') },
};

export const POLICY = {
  minimumAge: 18,
  /** Existing monthly debt payments may take at most this share of monthly income. */
  maxDebtToIncome: new Decimal('0.5'),
  /**
   * Affordability: the line, fully drawn and repaid in equal instalments over
   * this many months at the offered rate, must fit in what the debt-to-income
   * limit leaves of the monthly income.
   */
  affordabilityTermMonths: 12,
  offerValidDays: 30,
} as const;

/** Rounds a limit down to whole units of its currency. */
export function floorToMajor(amount: Money): Money {
  const unit = 10n ** BigInt(amount.exponent);
  return Money.of((amount.minor / unit) * unit, amount.currency);
}

/** The grade's cap: the product's maximum times the grade's share, in whole units. */
export function gradeCap(grade: Exclude<RiskGrade, 'E'>, currency: string): Money {
  return floorToMajor(PRODUCTS[currency]!.maxLimit.multiply(GRADE_TERMS[grade].capShare, 'FLOOR'));
}

/**
 * The largest line whose 12 equal monthly instalments at `annualRate` fit in
 * income × 50 % − existing debt payments: that payment times the annuity
 * factor (1 − (1 + r)^−n) / r, rounded down to whole units. Zero if nothing is left.
 */
export function affordabilityCap(
  monthlyIncome: Money,
  monthlyDebtPayments: Money,
  annualRate: Rate,
): Money {
  const headroom = monthlyIncome
    .multiply(POLICY.maxDebtToIncome, 'FLOOR')
    .subtract(monthlyDebtPayments);
  if (!headroom.isPositive()) return Money.zero(monthlyIncome.currency);
  const n = POLICY.affordabilityTermMonths;
  const r = annualRate.periodic(12);
  const factor = r.isZero() ? new Decimal(n) : new Decimal(1).minus(r.plus(1).pow(-n)).div(r);
  return floorToMajor(headroom.multiply(factor.toDecimalPlaces(12, Decimal.ROUND_DOWN), 'FLOOR'));
}
