import { Decimal, type Money } from '@lending/kernel';
import type { LineMonth } from './line-history.js';
import type { AttributeWording } from '../decision/reasons.js';

/**
 * The behavioural card was trained on Taiwanese card accounts in NT$ (2005).
 * Amounts go onto that scale at the data's own era's reference rates: an
 * approximation, kept here in one place, so a line's limit and payments read
 * as the card's training data would have shown them.
 */
export const TWD_PER_UNIT: Readonly<Record<string, string>> = {
  TWD: '1',
  CNY: '3.95',
  USD: '32',
  EUR: '40',
};

const toTwd = (amount: Money): string =>
  new Decimal(amount.format()).times(TWD_PER_UNIT[amount.currency] ?? '0').toFixed(0);

/**
 * Repayment status as the card data codes it: -2 no use, -1 paid in full,
 * 0 used and paid on time, 1..9 months late.
 */
export function repaymentStatus(month: LineMonth): number {
  if (!month.open || !month.used) return -2;
  if (month.daysPastDue > 0) return Math.min(9, Math.ceil(month.daysPastDue / 30));
  return month.balance.isZero() ? -1 : 0;
}

/**
 * The card's inputs from the ledger's last six months (most recent first):
 * LIMIT_BAL, PAY_0 and PAY_2..PAY_6 (this month, then one to five months
 * back), BILL_AMT1..6 and PAY_AMT1..6 (balances and payments, same order).
 */
export function behaviouralFeatures(
  limit: Money,
  months: readonly LineMonth[],
): Record<string, string> {
  if (months.length !== 6) throw new Error('the behavioural card needs six months of history');
  const features: Record<string, string> = { LIMIT_BAL: toTwd(limit) };
  months.forEach((month, i) => {
    features[i === 0 ? 'PAY_0' : `PAY_${i + 1}`] = String(repaymentStatus(month));
    features[`BILL_AMT${i + 1}`] = toTwd(month.balance);
    features[`PAY_AMT${i + 1}`] = toTwd(month.paid);
  });
  return features;
}

const PAY_STATUS: Record<string, string> = {
  '-2': 'no use of the line',
  '-1': 'paid in full',
  '0': 'paid on time',
  ...Object.fromEntries(
    [1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => [String(n), `${n} month${n > 1 ? 's' : ''} late`]),
  ),
};

/** The engineered attributes of the behavioural card (engineeredBehaviouralFeatures), in words. */
const ENGINEERED_WORDING: Readonly<Record<string, AttributeWording>> = {
  UTILISATION_1: { title: 'Balance this month as a share of the limit' },
  UTILISATION_AVG: { title: 'Average balance over six months as a share of the limit' },
  DELAY_TREND: {
    title: 'Months late in the last three months against the three before (positive: worse)',
  },
  PAID_RATIO_1: { title: 'Share of last month’s balance paid this month' },
  PAID_RATIO_AVG: { title: 'Share of balances paid the month after, over six months' },
  MAX_DELAY: { title: 'Most months late in the last six months' },
  MONTHS_SINCE_DELAY: { title: 'Months since the last late payment (6: none)' },
};

const ago = (k: number) => (k === 0 ? 'this month' : k === 1 ? 'last month' : `${k} months ago`);

/** Plain titles for the behavioural card's attributes. */
export function behaviouralWording(name: string): AttributeWording | undefined {
  if (name === 'LIMIT_BAL')
    return { title: 'Credit limit (in NT$ at the card data’s rates)', unit: 'NT$' };
  const pay = /^PAY_(\d)$/.exec(name);
  if (pay) {
    const k = pay[1] === '0' ? 0 : Number(pay[1]) - 1;
    return { title: `Repayment ${ago(k)}`, codes: PAY_STATUS };
  }
  const paid = /^PAY_AMT(\d)$/.exec(name);
  if (paid) return { title: `Amount paid ${ago(Number(paid[1]) - 1)} (in NT$)`, unit: 'NT$' };
  return ENGINEERED_WORDING[name];
}
