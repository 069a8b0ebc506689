import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseCsv, stratifiedSplit } from './dataset.js';
import { auc, calibration, ks } from './metrics.js';
import { score, trainScorecard } from './scorecard.js';
import type { ApplicationModel } from './application.js';

/** Never model inputs: protected characteristics (see data/README.md). ID is a row number. */
export const BEHAVIOURAL_EXCLUDED = ['SEX', 'MARRIAGE', 'ID'] as const;
export const BEHAVIOURAL_TARGET = 'default';
// Repayment status codes (-2 no use, -1 paid in full, 0 revolving, 1..9 months late) are categories.
const isCategorical = (name: string) => name === 'EDUCATION' || /^PAY_\d$/.test(name);

const dataFile = fileURLToPath(new URL('../../data/taiwan_train.csv', import.meta.url));

export type BehaviouralModel = ApplicationModel;

/**
 * The behavioural scorecard for revolving lines (Taiwan card holders,
 * repayment history): same method as the application card, trained on 75 %
 * and evaluated on a seeded, stratified 25 % holdout.
 */
export function trainBehaviouralModel(version = 'behavioural-v1'): BehaviouralModel {
  const text = readFileSync(dataFile, 'utf8');
  const { columns, rows } = parseCsv(text);
  const features = columns
    .filter(
      (c) => c !== BEHAVIOURAL_TARGET && !(BEHAVIOURAL_EXCLUDED as readonly string[]).includes(c),
    )
    .map((name) => ({ name, type: isCategorical(name) ? ('cat' as const) : ('num' as const) }));
  const { train, holdout } = stratifiedSplit(
    rows,
    (r) => Number(r[BEHAVIOURAL_TARGET]),
    0.25,
    20261128,
  );
  const scorecard = trainScorecard(train, {
    features,
    target: BEHAVIOURAL_TARGET,
    minBinShare: 0.02,
  });
  const predicted = holdout.map((r) => score(scorecard, r).probabilityOfDefault);
  const labels = holdout.map((r) => Number(r[BEHAVIOURAL_TARGET]));
  const a = auc(predicted, labels);
  return {
    version,
    dataSha256: createHash('sha256').update(text).digest('hex'),
    excluded: [...BEHAVIOURAL_EXCLUDED],
    scorecard,
    holdout: {
      rows: holdout.length,
      auc: a,
      gini: 2 * a - 1,
      ks: ks(predicted, labels),
      calibration: calibration(predicted, labels),
    },
  };
}
