import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseCsv } from './dataset.js';
import { trainWithHoldout, type ModelSpec } from './evaluation.js';
import { HOLDOUT_SHARE, SPLIT_SEED, type ScorecardModel } from './application.js';

/**
 * Never model inputs: protected characteristics (sex, marital status,
 * education; see data/README.md), AGE (the ledger knows no line holder's age,
 * so a line review could not supply it; it scored under IV 0.02 anyway), and
 * ID, a row number.
 */
export const BEHAVIOURAL_EXCLUDED = ['SEX', 'MARRIAGE', 'EDUCATION', 'AGE', 'ID'] as const;
export const BEHAVIOURAL_TARGET = 'default';
// Repayment status codes (-2 no use, -1 paid in full, 0 revolving, 1..9 months late) are categories.
const isCategorical = (name: string) => name === 'EDUCATION' || /^PAY_\d$/.test(name);

export const PAY_CODES = ['-2', '-1', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
export const EDUCATION_CODES = ['0', '1', '2', '3', '4', '5', '6'];

const dataFile = fileURLToPath(new URL('../../data/taiwan_train.csv', import.meta.url));

export type BehaviouralModel = ScorecardModel;

export function behaviouralSpec(): ModelSpec & { text: string } {
  const text = readFileSync(dataFile, 'utf8');
  const { columns, rows } = parseCsv(text);
  const base = columns
    .filter(
      (c) => c !== BEHAVIOURAL_TARGET && !(BEHAVIOURAL_EXCLUDED as readonly string[]).includes(c),
    )
    .map((name) =>
      isCategorical(name)
        ? name === 'EDUCATION'
          ? { name, type: 'cat' as const, codes: EDUCATION_CODES }
          : { name, type: 'cat' as const, codes: PAY_CODES, ordered: true }
        : { name, type: 'num' as const },
    );
  const features = [...base, ...ENGINEERED_BEHAVIOURAL_FEATURES];
  return {
    text,
    rows: rows.map(withEngineeredBehaviouralFeatures),
    options: { features, target: BEHAVIOURAL_TARGET, minBinShare: 0.02 },
    seed: SPLIT_SEED,
    holdoutShare: HOLDOUT_SHARE,
  };
}

/**
 * The behavioural scorecard for revolving lines (Taiwan card holders,
 * repayment history, with the engineered attributes of
 * engineeredBehaviouralFeatures): same method as the application card, trained on 75 %
 * and evaluated on a seeded, stratified 25 % holdout.
 */
export function trainBehaviouralModel(version = 'behavioural-v3'): BehaviouralModel {
  const spec = behaviouralSpec();
  return {
    version,
    dataSha256: createHash('sha256').update(spec.text).digest('hex'),
    excluded: [...BEHAVIOURAL_EXCLUDED],
    engineered: true,
    ...trainWithHoldout(spec),
  };
}

const PAY_COLUMNS = ['PAY_0', 'PAY_2', 'PAY_3', 'PAY_4', 'PAY_5', 'PAY_6'] as const;
const round4 = (x: number) => String(Math.round(x * 10000) / 10000);

/**
 * Attributes that delinquency research derives from the card data, from the
 * row's own columns only: utilisation (bill / limit, now and averaged over six
 * months), the trend of repayment status (months late in the last three months
 * against the three before), the share of each bill paid the month after (a
 * payment in month k settles the bill of month k + 1; no bill counts as paid in
 * full; capped at 2), the worst delay, and months since the last delay (6: none).
 */
export function engineeredBehaviouralFeatures(
  row: Readonly<Record<string, string>>,
): Record<string, string> {
  const n = (c: string) => Number(row[c] ?? 'NaN');
  const limit = Math.max(1, n('LIMIT_BAL'));
  const bills = [1, 2, 3, 4, 5, 6].map((i) => n(`BILL_AMT${i}`));
  const paid = [1, 2, 3, 4, 5, 6].map((i) => n(`PAY_AMT${i}`));
  const late = PAY_COLUMNS.map((c) => Math.max(0, n(c)));
  const ratio = (p: number, bill: number) => (bill <= 0 ? 1 : Math.min(2, p / bill));
  const lastDelay = late.findIndex((m) => m > 0);
  const billed5 = bills.slice(1).reduce((a, b) => a + Math.max(0, b), 0);
  const paid5 = paid.slice(0, 5).reduce((a, b) => a + b, 0);
  return {
    UTILISATION_1: round4(bills[0]! / limit),
    UTILISATION_AVG: round4(bills.reduce((a, b) => a + b, 0) / 6 / limit),
    DELAY_TREND: round4((late[0]! + late[1]! + late[2]! - late[3]! - late[4]! - late[5]!) / 3),
    PAID_RATIO_1: round4(ratio(paid[0]!, bills[1]!)),
    PAID_RATIO_AVG: round4(ratio(paid5, billed5)),
    MAX_DELAY: String(Math.max(...late)),
    MONTHS_SINCE_DELAY: String(lastDelay === -1 ? 6 : lastDelay),
  };
}

export const ENGINEERED_BEHAVIOURAL_FEATURES = [
  'UTILISATION_1',
  'UTILISATION_AVG',
  'DELAY_TREND',
  'PAID_RATIO_1',
  'PAID_RATIO_AVG',
  'MAX_DELAY',
  'MONTHS_SINCE_DELAY',
].map((name) => ({ name, type: 'num' as const }));

export function withEngineeredBehaviouralFeatures(
  row: Readonly<Record<string, string>>,
): Record<string, string> {
  return { ...row, ...engineeredBehaviouralFeatures(row) };
}
