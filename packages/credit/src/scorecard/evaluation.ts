import { stratifiedFolds, stratifiedSplit } from './dataset.js';
import { auc, calibration, ks, type CalibrationBand } from './metrics.js';
import { score, trainScorecard, type Scorecard, type TrainOptions } from './scorecard.js';

export interface Evaluation {
  readonly rows: number;
  readonly auc: number;
  readonly gini: number;
  readonly ks: number;
  readonly calibration: readonly CalibrationBand[];
}

export function evaluate(
  card: Scorecard,
  rows: readonly Record<string, string>[],
  target: string,
): Evaluation {
  const predicted = rows.map((r) => score(card, r).probabilityOfDefault);
  const labels = rows.map((r) => Number(r[target]));
  const a = auc(predicted, labels);
  return {
    rows: rows.length,
    auc: a,
    gini: 2 * a - 1,
    ks: ks(predicted, labels),
    calibration: calibration(predicted, labels),
  };
}

export interface ModelSpec {
  readonly rows: readonly Record<string, string>[];
  readonly options: TrainOptions;
  readonly seed: number;
  readonly holdoutShare: number;
}

/** Trains on the seeded, stratified training share and evaluates on the holdout it never saw. */
export function trainWithHoldout(spec: ModelSpec): { scorecard: Scorecard; holdout: Evaluation } {
  const label = (r: Record<string, string>) => Number(r[spec.options.target]);
  const { train, holdout } = stratifiedSplit(spec.rows, label, spec.holdoutShare, spec.seed);
  const scorecard = trainScorecard(train, spec.options);
  return { scorecard, holdout: evaluate(scorecard, holdout, spec.options.target) };
}

export interface CrossValidation {
  readonly folds: number;
  readonly aucs: readonly number[];
  readonly meanAuc: number;
  readonly sdAuc: number;
  /** Gini, KS and calibration over every row's out-of-fold prediction. */
  readonly pooled: Evaluation;
}

/**
 * k-fold stratified cross-validation of the whole method (binning, selection,
 * regression, scaling are all redone on each training part), as the published
 * figures for these data sets are measured.
 */
export function crossValidate(spec: ModelSpec, folds = 10): CrossValidation {
  const target = spec.options.target;
  const label = (r: Record<string, string>) => Number(r[target]);
  const parts = stratifiedFolds(spec.rows, label, folds, spec.seed);
  const predicted: number[] = [];
  const labels: number[] = [];
  const aucs = parts.map((test, k) => {
    const train = parts.filter((_, j) => j !== k).flat();
    const card = trainScorecard(train, spec.options);
    const p = test.map((r) => score(card, r).probabilityOfDefault);
    const y = test.map(label);
    predicted.push(...p);
    labels.push(...y);
    return auc(p, y);
  });
  const meanAuc = aucs.reduce((a, b) => a + b, 0) / folds;
  const sdAuc = Math.sqrt(aucs.reduce((s, a) => s + (a - meanAuc) ** 2, 0) / (folds - 1));
  const pooledAuc = auc(predicted, labels);
  return {
    folds,
    aucs,
    meanAuc,
    sdAuc,
    pooled: {
      rows: predicted.length,
      auc: pooledAuc,
      gini: 2 * pooledAuc - 1,
      ks: ks(predicted, labels),
      calibration: calibration(predicted, labels),
    },
  };
}
