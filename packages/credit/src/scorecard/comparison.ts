import { RandomForestRegression } from 'ml-random-forest';
import { stratifiedFolds } from './dataset.js';
import { fitLogisticSparse, sigmoid } from './logistic.js';
import { auc } from './metrics.js';
import { binFeatures, binOf, score, trainScorecard, type TrainOptions } from './scorecard.js';

type Row = Record<string, string>;

/** A way of building a model from training rows: it returns the model's probability of default. */
export interface Candidate {
  readonly name: string;
  fit(train: readonly Row[], options: TrainOptions): (row: Row) => number;
}

/** The figure of record: 5 times 5-fold stratified cross-validation, seeds fixed. */
export const CV_PLAN = { folds: 5, repeats: 5, seed: 20261203 } as const;
/** For tests: one repeat of the same folds. */
export const QUICK_CV_PLAN = { folds: 5, repeats: 1, seed: 20261203 } as const;

export interface RepeatedCv {
  readonly candidate: string;
  readonly folds: number;
  readonly repeats: number;
  /** One AUC per fold, repeat after repeat. */
  readonly aucs: readonly number[];
  readonly meanAuc: number;
  readonly sdAuc: number;
}

/**
 * Repeated stratified k-fold cross-validation of a whole method: each fold's
 * model is fitted on the other folds only (binning, selection, regression,
 * and any tuning the candidate does inside its `fit`), then scored on the fold.
 * Repeat r shuffles with seed + r, so the folds are the same on every machine.
 */
export function repeatedCrossValidate(
  rows: readonly Row[],
  options: TrainOptions,
  candidate: Candidate,
  plan: { folds: number; repeats: number; seed: number } = CV_PLAN,
): RepeatedCv {
  const label = (r: Row) => Number(r[options.target]);
  const aucs: number[] = [];
  for (let r = 0; r < plan.repeats; r++) {
    const parts = stratifiedFolds(rows, label, plan.folds, plan.seed + r);
    parts.forEach((test, k) => {
      const train = parts.filter((_, j) => j !== k).flat();
      const predict = candidate.fit(train, options);
      aucs.push(auc(test.map(predict), test.map(label)));
    });
  }
  const meanAuc = aucs.reduce((a, b) => a + b, 0) / aucs.length;
  const sdAuc = Math.sqrt(aucs.reduce((s, a) => s + (a - meanAuc) ** 2, 0) / (aucs.length - 1));
  return {
    candidate: candidate.name,
    folds: plan.folds,
    repeats: plan.repeats,
    aucs,
    meanAuc,
    sdAuc,
  };
}

/** The champion's method: the WoE points scorecard of scorecard.ts. */
export const woeScorecard: Candidate = {
  name: 'WoE points scorecard',
  fit(train, options) {
    const card = trainScorecard(train, options);
    return (row) => score(card, row).probabilityOfDefault;
  },
};

export interface OneHotModel {
  readonly features: readonly {
    name: string;
    type: 'cat' | 'num';
    /** The scorecard's bins of this attribute; bin 0 is the reference (weight 0). */
    bins: readonly { label: string; categories?: readonly string[]; upTo?: number | null }[];
    weights: readonly number[];
  }[];
  readonly intercept: number;
  readonly ridge: number;
}

export const RIDGE_GRID = [1e-4, 1e-3, 3e-3, 1e-2, 3e-2] as const;

/**
 * A logistic regression on one-hot coded bins (the scorecard's own binning of
 * every candidate attribute, the largest bin of each as reference), with the
 * L2 penalty chosen from RIDGE_GRID by 3-fold cross-validation inside the
 * training rows it is given. Every bin gets its own weight, so the weights
 * need not follow the bins' bad rates.
 */
export function trainOneHot(
  train: readonly Row[],
  options: TrainOptions,
  innerSeed = 7,
): OneHotModel {
  const label = (r: Row) => Number(r[options.target]);
  const fitAt = (rows: readonly Row[], ridge: number): OneHotModel => {
    const binned = binFeatures(rows, options).filter((f) => f.bins.length > 1);
    const reference = binned.map((f) =>
      f.bins.reduce((best, b, i) => (b.count > f.bins[best]!.count ? i : best), 0),
    );
    const ordered = binned.map((f, j) => {
      const ref = f.bins[reference[j]!]!;
      return [ref, ...f.bins.filter((b) => b !== ref)];
    });
    const offsets: number[] = [];
    let columns = 0;
    for (const bins of ordered) {
      offsets.push(columns);
      columns += bins.length - 1;
    }
    const ones = rows.map((row) =>
      binned.flatMap((f, j) => {
        const bins = ordered[j]!;
        const at = bins.indexOf(binOf({ ...f, bins }, row[f.name]));
        return at === 0 ? [] : [offsets[j]! + at - 1];
      }),
    );
    const beta = fitLogisticSparse(ones, rows.map(label), columns, {
      ridge,
      iterations: 25,
      tolerance: 1e-8,
    });
    let at = 1;
    return {
      intercept: beta[0]!,
      ridge,
      features: binned.map((f, j) => {
        const bins = ordered[j]!;
        const weights = [0, ...beta.slice(at, at + bins.length - 1)];
        at += bins.length - 1;
        return {
          name: f.name,
          type: f.type,
          bins: bins.map((b) => ({
            label: b.label,
            ...(b.categories ? { categories: b.categories } : {}),
            ...(b.upTo !== undefined ? { upTo: b.upTo } : {}),
          })),
          weights,
        };
      }),
    };
  };
  const inner = stratifiedFolds(train, label, 3, innerSeed);
  let bestRidge: number = RIDGE_GRID[0];
  let bestAuc = -Infinity;
  for (const ridge of RIDGE_GRID) {
    let sum = 0;
    inner.forEach((test, k) => {
      const model = fitAt(inner.filter((_, j) => j !== k).flat(), ridge);
      sum += auc(
        test.map((r) => oneHotProbability(model, r)),
        test.map(label),
      );
    });
    if (sum > bestAuc) {
      bestAuc = sum;
      bestRidge = ridge;
    }
  }
  return fitAt(train, bestRidge);
}

export function oneHotProbability(model: OneHotModel, row: Row): number {
  let z = model.intercept;
  for (const f of model.features) {
    const bin = binOf(f, row[f.name]);
    z += f.weights[f.bins.indexOf(bin)]!;
  }
  return sigmoid(z);
}

export const oneHotL2: Candidate = {
  name: 'one-hot logistic, L2 by inner CV',
  fit(train, options) {
    const model = trainOneHot(train, options);
    return (row) => oneHotProbability(model, row);
  },
};

/** A candidate trained and scored on rows with engineered attributes added. */
export function withDerived(
  base: Candidate,
  name: string,
  derive: (row: Row) => Row,
  extra: TrainOptions['features'],
): Candidate {
  return {
    name,
    fit(train, options) {
      const predict = base.fit(train.map(derive), {
        ...options,
        features: [...options.features, ...extra],
      });
      return (row) => predict(derive(row));
    },
  };
}

export interface ForestOptions {
  readonly trees: number;
  readonly maxDepth: number;
  readonly minLeaf: number;
  readonly seed: number;
}

export const FOREST_OPTIONS: ForestOptions = { trees: 100, maxDepth: 6, minLeaf: 10, seed: 11 };

/**
 * A random forest (ml-random-forest's regression forest on the 0/1 target, so
 * each tree's leaf gives a default rate and the forest their mean). Codes
 * become numbers by their bad-rate rank in the training rows.
 */
export function randomForest(forest: ForestOptions = FOREST_OPTIONS): Candidate {
  return {
    name: `random forest (${forest.trees} trees, depth ${forest.maxDepth})`,
    fit(train, options) {
      const label = (r: Row) => Number(r[options.target]);
      const encoders = options.features.map((f) => {
        if (f.type === 'num') return (v: string | undefined) => Number(v);
        const stats = new Map<string, { n: number; bad: number }>();
        for (const r of train) {
          const s = stats.get(r[f.name]!) ?? { n: 0, bad: 0 };
          s.n++;
          s.bad += label(r);
          stats.set(r[f.name]!, s);
        }
        const ranked = [...stats.entries()]
          .sort((a, b) => a[1].bad / a[1].n - b[1].bad / b[1].n || a[0].localeCompare(b[0]))
          .map(([code]) => code);
        // A code the training rows did not have ranks with the riskiest.
        return (v: string | undefined) => {
          const i = ranked.indexOf(v ?? '');
          return i === -1 ? ranked.length - 1 : i;
        };
      });
      const encode = (r: Row) => options.features.map((f, j) => encoders[j]!(r[f.name]));
      const model = new RandomForestRegression({
        nEstimators: forest.trees,
        maxFeatures: 0.5,
        replacement: true,
        useSampleBagging: true,
        noOOB: true,
        seed: forest.seed,
        selectionMethod: 'mean',
        treeOptions: { maxDepth: forest.maxDepth, minNumSamples: forest.minLeaf },
      });
      model.train(train.map(encode), train.map(label));
      return (row) => model.predict([encode(row)])[0]!;
    },
  };
}
