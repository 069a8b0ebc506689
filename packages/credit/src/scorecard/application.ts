import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseCsv, stratifiedSplit } from './dataset.js';
import { auc, calibration, ks } from './metrics.js';
import { score, trainScorecard, type Scorecard } from './scorecard.js';

/** Never model inputs: protected characteristics (see data/README.md). */
export const PROTECTED_ATTRIBUTES = ['personal_status_and_sex', 'foreign_worker'] as const;
export const TARGET = 'default';
export const SPLIT_SEED = 20261128;
export const HOLDOUT_SHARE = 0.25;

const dataFile = fileURLToPath(new URL('../../data/german_train.csv', import.meta.url));
const schemaFile = fileURLToPath(new URL('../../data/german_credit_schema.json', import.meta.url));

export interface ApplicationModel {
  readonly version: string;
  readonly dataSha256: string;
  readonly excluded: readonly string[];
  readonly scorecard: Scorecard;
  readonly holdout: {
    readonly rows: number;
    readonly auc: number;
    readonly gini: number;
    readonly ks: number;
    readonly calibration: ReturnType<typeof calibration>;
  };
}

/** Trains the application scorecard on 75 % of german_train.csv and evaluates it on the seeded 25 % it never saw. */
export function trainApplicationModel(version = 'application-v1'): ApplicationModel {
  const text = readFileSync(dataFile, 'utf8');
  const schema = JSON.parse(readFileSync(schemaFile, 'utf8')) as {
    columns: { name: string; type: string }[];
  };
  const { rows } = parseCsv(text);
  const features = schema.columns
    .filter(
      (c) => c.type !== 'target' && !(PROTECTED_ATTRIBUTES as readonly string[]).includes(c.name),
    )
    .map((c) => ({ name: c.name, type: c.type as 'cat' | 'num' }));
  const { train, holdout } = stratifiedSplit(
    rows,
    (r) => Number(r[TARGET]),
    HOLDOUT_SHARE,
    SPLIT_SEED,
  );
  const scorecard = trainScorecard(train, { features, target: TARGET });
  const predicted = holdout.map((r) => score(scorecard, r).probabilityOfDefault);
  const labels = holdout.map((r) => Number(r[TARGET]));
  const a = auc(predicted, labels);
  return {
    version,
    dataSha256: createHash('sha256').update(text).digest('hex'),
    excluded: [...PROTECTED_ATTRIBUTES],
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
