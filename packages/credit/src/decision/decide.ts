import type { Money, Rate } from '@lending/kernel';
import type { ScorecardModel } from '../scorecard/application.js';
import type { ChallengerModel } from '../scorecard/challenger.js';
import { challengerProbability, modelInputs } from '../models.js';
import { formatProbability, score } from '../scorecard/scorecard.js';
import {
  affordabilityCap,
  ANNUAL_RATE_CAP,
  GRADE_TERMS,
  gradeCap,
  gradeOf,
  POLICY,
  PRODUCTS,
  type RiskGrade,
} from './policy.js';
import { attributeReasons, type DecisionReason } from './reasons.js';

export const ApplicationStatus = {
  APPROVED: 'APPROVED',
  DECLINED: 'DECLINED',
  REFERRED: 'REFERRED',
} as const;
export type ApplicationStatus = (typeof ApplicationStatus)[keyof typeof ApplicationStatus];

export interface DecisionInput {
  readonly requestedLimit: Money;
  readonly monthlyIncome: Money;
  readonly monthlyDebtPayments: Money;
  /** Validated attributes (see validateAttributes). */
  readonly attributes: Readonly<Record<string, string>>;
}

export interface Decision {
  readonly outcome: ApplicationStatus;
  readonly modelVersion: string;
  readonly score: number;
  /** The model's probability of default, 8 decimal places. */
  readonly probabilityOfDefault: string;
  /** The challenger that scored the same inputs beside the champion (it decides nothing); null when none did. */
  readonly challengerModelVersion: string | null;
  readonly challengerProbabilityOfDefault: string | null;
  /** Null when a policy rule declined the application before grading. */
  readonly riskGrade: RiskGrade | null;
  /** The line offered (APPROVED) or proposed to the underwriter (REFERRED); null otherwise. */
  readonly limit: Money | null;
  readonly annualRate: Rate | null;
  readonly gradeCap: Money | null;
  readonly affordabilityCap: Money | null;
  readonly reasons: readonly DecisionReason[];
}

/**
 * Decides an application: hard policy rules first (a failed rule declines,
 * whatever the score), then the scorecard's grade, then the limit as the
 * least of the request, the grade's cap and what the income affords, and the
 * grade's rate. Grade E declines; grade D is referred to an underwriter.
 * The challenger, when given, scores the same inputs and only its PD is kept.
 */
export function decide(
  model: ScorecardModel,
  input: DecisionInput,
  challenger: ChallengerModel | null = null,
): Decision {
  const inputs = modelInputs(model, input.attributes);
  const scored = score(model.scorecard, inputs);
  const base = {
    modelVersion: model.version,
    score: scored.score,
    probabilityOfDefault: formatProbability(scored.probabilityOfDefault),
    // Scored on the same inputs, recorded, never consulted below.
    challengerModelVersion: challenger?.version ?? null,
    challengerProbabilityOfDefault: challenger
      ? challengerProbability(challenger, input.attributes)
      : null,
  };
  const modelReasons = attributeReasons(model.scorecard.features, scored, inputs);

  const policyReasons = policyFailures(input);
  if (policyReasons.length > 0) {
    return {
      ...base,
      outcome: ApplicationStatus.DECLINED,
      riskGrade: null,
      limit: null,
      annualRate: null,
      gradeCap: null,
      affordabilityCap: null,
      reasons: policyReasons,
    };
  }

  const grade = gradeOf(scored.score);
  if (grade === 'E') {
    return {
      ...base,
      outcome: ApplicationStatus.DECLINED,
      riskGrade: grade,
      limit: null,
      annualRate: null,
      gradeCap: null,
      affordabilityCap: null,
      reasons: modelReasons,
    };
  }

  const { annualRate } = GRADE_TERMS[grade];
  if (annualRate.compare(ANNUAL_RATE_CAP) > 0)
    throw new Error(`grade ${grade} priced above the cap`);
  const currency = input.requestedLimit.currency;
  const capOfGrade = gradeCap(grade, currency);
  const capOfIncome = affordabilityCap(input.monthlyIncome, input.monthlyDebtPayments, annualRate);
  const limit = input.requestedLimit.min(capOfGrade).min(capOfIncome);
  const terms = {
    riskGrade: grade,
    annualRate,
    gradeCap: capOfGrade,
    affordabilityCap: capOfIncome,
  };
  const product = PRODUCTS[currency]!;

  if (limit.lessThan(product.minLimit)) {
    return {
      ...base,
      ...terms,
      outcome: ApplicationStatus.DECLINED,
      limit: null,
      reasons: [
        {
          code: 'AFFORDABILITY',
          description: `What your income leaves after your debt payments supports a line of at most ${capOfIncome.format()} ${currency}, less than the smallest line we offer (${product.minLimit.format()} ${currency}).`,
        },
        ...modelReasons,
      ],
    };
  }

  const limitReasons: DecisionReason[] = [];
  if (limit.lessThan(input.requestedLimit)) {
    limitReasons.push(
      limit.equals(capOfIncome) && capOfIncome.lessThan(capOfGrade)
        ? {
            code: 'LIMIT_REDUCED_AFFORDABILITY',
            description: `The line is ${limit.format()} ${currency}, less than requested: twelve monthly instalments on a larger line would take your debt payments above ${POLICY.maxDebtToIncome.times(100).toString()} % of your income.`,
          }
        : {
            code: 'LIMIT_REDUCED_GRADE',
            description: `The line is ${limit.format()} ${currency}, less than requested: the most we lend at risk grade ${grade}.`,
          },
    );
  }
  return {
    ...base,
    ...terms,
    outcome: grade === 'D' ? ApplicationStatus.REFERRED : ApplicationStatus.APPROVED,
    limit,
    reasons: [...limitReasons, ...modelReasons],
  };
}

/** Every hard rule the application fails, in the policy's order. */
function policyFailures(input: DecisionInput): DecisionReason[] {
  const reasons: DecisionReason[] = [];
  const age = Number(input.attributes.age_in_years);
  if (age < POLICY.minimumAge) {
    reasons.push({
      code: 'POLICY_MINIMUM_AGE',
      description: `Applicants must be at least ${POLICY.minimumAge} years old.`,
    });
  }
  const maxDebt = input.monthlyIncome.multiply(POLICY.maxDebtToIncome, 'FLOOR');
  if (!input.monthlyIncome.isPositive() || input.monthlyDebtPayments.greaterThan(maxDebt)) {
    reasons.push({
      code: 'POLICY_DEBT_TO_INCOME',
      description: `Your monthly debt payments (${input.monthlyDebtPayments.format()} ${input.monthlyDebtPayments.currency}) are more than ${POLICY.maxDebtToIncome.times(100).toString()} % of your monthly income (${input.monthlyIncome.format()} ${input.monthlyIncome.currency}).`,
    });
  }
  const product = PRODUCTS[input.requestedLimit.currency]!;
  if (
    input.requestedLimit.lessThan(product.minLimit) ||
    input.requestedLimit.greaterThan(product.maxLimit)
  ) {
    reasons.push({
      code: 'POLICY_REQUESTED_LIMIT',
      description: `Lines in ${input.requestedLimit.currency} are from ${product.minLimit.format()} to ${product.maxLimit.format()}; ${input.requestedLimit.format()} was requested.`,
    });
  }
  return reasons;
}
