import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseCsv } from './dataset.js';
import { trainWithHoldout, type ModelSpec } from './evaluation.js';
import { HOLDOUT_SHARE, SPLIT_SEED, type ScorecardModel } from './application.js';

/** Never model inputs: protected characteristics (see data/README.md). ID is a row number. */
export const BEHAVIOURAL_EXCLUDED = ['SEX', 'MARRIAGE', 'ID'] as const;
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
  const features = columns
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
  return {
    text,
    rows,
    options: { features, target: BEHAVIOURAL_TARGET, minBinShare: 0.02 },
    seed: SPLIT_SEED,
    holdoutShare: HOLDOUT_SHARE,
  };
}

/**
 * The behavioural scorecard for revolving lines (Taiwan card holders,
 * repayment history): same method as the application card, trained on 75 %
 * and evaluated on a seeded, stratified 25 % holdout.
 */
export function trainBehaviouralModel(version = 'behavioural-v2'): BehaviouralModel {
  const spec = behaviouralSpec();
  return {
    version,
    dataSha256: createHash('sha256').update(spec.text).digest('hex'),
    excluded: [...BEHAVIOURAL_EXCLUDED],
    ...trainWithHoldout(spec),
  };
}
