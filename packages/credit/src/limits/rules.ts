import type { Money } from '@lending/kernel';
import type { CreditLineStatus } from '@lending/ledger';
import type { LineMonth } from './line-history.js';
import { floorToMajor, PRODUCTS, type RiskGrade } from '../decision/policy.js';
import type { DecisionReason } from '../decision/reasons.js';

export const LimitAction = {
  RAISE: 'RAISE',
  LOWER: 'LOWER',
  FREEZE: 'FREEZE',
  UNFREEZE: 'UNFREEZE',
  KEEP: 'KEEP',
} as const;
export type LimitAction = (typeof LimitAction)[keyof typeof LimitAction];

/**
 * The limit-management rules, in the order they are applied:
 * 1. FREEZE an active line whose grade is E or that is more than 30 days past due now.
 * 2. UNFREEZE a line this job froze, once its grade is A–C and nothing is past due;
 *    a line frozen any other way (charge-off, operations) is never unfrozen here.
 * 3. KEEP a line not used in the last six months: there is no behaviour to score.
 * 4. LOWER an active grade D line by 20 %, never below what is drawn.
 * 5. RAISE an active grade A or B line by 20 %, up to the product maximum, when it
 *    has been open three full months and never past due in the last six.
 * 6. Otherwise KEEP. Limits change at most once in 90 days (rules 4 and 5), so a
 *    daily run does not ratchet a limit up or down day after day.
 */
export const LIMIT_RULES = {
  freezeDaysPastDue: 30,
  lowerFactor: '0.8',
  raiseFactor: '1.2',
  seasoningMonths: 3,
  minDaysBetweenChanges: 90,
} as const;

export interface LineFacts {
  readonly limit: Money;
  readonly drawn: Money;
  readonly status: CreditLineStatus;
  readonly grade: RiskGrade;
  /** Days past due as of the review's business date. */
  readonly daysPastDueNow: number;
  /** The six statement months the card scored, most recent first. */
  readonly months: readonly LineMonth[];
  /** The job's last change to this line, if any. */
  readonly lastChange: { readonly action: LimitAction; readonly daysAgo: number } | null;
}

export interface LimitDecision {
  readonly action: LimitAction;
  readonly newLimit: Money;
  readonly newStatus: CreditLineStatus;
  readonly rule: DecisionReason | null;
}

export function decideLimit(facts: LineFacts): LimitDecision {
  const { limit, drawn, status, grade, months } = facts;
  const keep: LimitDecision = { action: 'KEEP', newLimit: limit, newStatus: status, rule: null };
  const pastDueNow = facts.daysPastDueNow;
  const currency = limit.currency;

  if (status === 'ACTIVE' && (grade === 'E' || pastDueNow > LIMIT_RULES.freezeDaysPastDue)) {
    return {
      action: 'FREEZE',
      newLimit: limit,
      newStatus: 'FROZEN',
      rule:
        pastDueNow > LIMIT_RULES.freezeDaysPastDue
          ? {
              code: 'PAST_DUE',
              description: `A payment is ${pastDueNow} days past due, so no new drawdowns until it is paid.`,
            }
          : {
              code: 'RISK_GRADE_E',
              description:
                'Recent repayment history puts the line in the highest risk grade, so no new drawdowns for now.',
            },
    };
  }
  if (status === 'FROZEN') {
    if (
      facts.lastChange?.action === 'FREEZE' &&
      grade !== 'D' &&
      grade !== 'E' &&
      pastDueNow === 0
    ) {
      return {
        action: 'UNFREEZE',
        newLimit: limit,
        newStatus: 'ACTIVE',
        rule: {
          code: 'RECOVERED',
          description:
            'Nothing is past due and recent repayments are good, so the line is open again.',
        },
      };
    }
    return keep;
  }
  if (status !== 'ACTIVE' || !months.some((m) => m.used)) return keep;
  if (facts.lastChange !== null && facts.lastChange.daysAgo < LIMIT_RULES.minDaysBetweenChanges) {
    return keep;
  }

  if (grade === 'D') {
    const lowered = floorToMajor(limit.multiply(LIMIT_RULES.lowerFactor, 'FLOOR')).max(drawn);
    if (!lowered.lessThan(limit)) return keep;
    return {
      action: 'LOWER',
      newLimit: lowered,
      newStatus: status,
      rule: {
        code: 'RISK_GRADE_D',
        description: `Recent repayment history raised the line's risk, so its limit goes from ${limit.format()} to ${lowered.format()} ${currency} (never below what is drawn).`,
      },
    };
  }
  if (grade === 'A' || grade === 'B') {
    const seasoned = months.slice(1, 1 + LIMIT_RULES.seasoningMonths).every((m) => m.open);
    const neverLate = months.every((m) => m.daysPastDue === 0);
    const max = PRODUCTS[currency]?.maxLimit;
    if (!seasoned || !neverLate || !max) return keep;
    const raised = floorToMajor(limit.multiply(LIMIT_RULES.raiseFactor, 'FLOOR')).min(max);
    if (!raised.greaterThan(limit)) return keep;
    return {
      action: 'RAISE',
      newLimit: raised,
      newStatus: status,
      rule: {
        code: `RISK_GRADE_${grade}`,
        description: `Six months of on-time repayments: the limit goes from ${limit.format()} to ${raised.format()} ${currency}.`,
      },
    };
  }
  return keep;
}
