import { createHash } from 'node:crypto';
import { applicationSpec, PROTECTED_ATTRIBUTES } from './application.js';
import { BEHAVIOURAL_EXCLUDED, behaviouralSpec } from './behavioural.js';
import { oneHotProbability, trainOneHot, type OneHotModel } from './comparison.js';
import { stratifiedSplit } from './dataset.js';
import type { ModelSpec } from './evaluation.js';
import { auc } from './metrics.js';

/**
 * The challenger beside each champion scorecard: a one-hot logistic regression
 * with L2 chosen by inner cross-validation, on the same training rows as its
 * champion. It scores every application and review and its probability of
 * default is recorded beside the champion's, but it never decides: its
 * per-bin weights need not follow the bins' bad rates, so it cannot give
 * adverse-action reasons an applicant could act on (see the README).
 */
export interface ChallengerModel {
  readonly version: string;
  readonly method: 'one-hot-l2';
  readonly dataSha256: string;
  readonly excluded: readonly string[];
  readonly engineered?: boolean;
  readonly model: OneHotModel;
  readonly holdout: { readonly rows: number; readonly auc: number };
}

function trainOn(
  spec: ModelSpec & { text: string },
  version: string,
  excluded: readonly string[],
  engineered: boolean,
): ChallengerModel {
  const target = spec.options.target;
  const label = (r: Record<string, string>) => Number(r[target]);
  const { train, holdout } = stratifiedSplit(spec.rows, label, spec.holdoutShare, spec.seed);
  const model = trainOneHot(train, spec.options);
  return {
    version,
    method: 'one-hot-l2',
    dataSha256: createHash('sha256').update(spec.text).digest('hex'),
    excluded: [...excluded],
    ...(engineered ? { engineered: true } : {}),
    model,
    holdout: {
      rows: holdout.length,
      auc: auc(
        holdout.map((r) => oneHotProbability(model, r)),
        holdout.map(label),
      ),
    },
  };
}

export function trainApplicationChallenger(version = 'application-challenger-v1'): ChallengerModel {
  return trainOn(applicationSpec(), version, PROTECTED_ATTRIBUTES, false);
}

export function trainBehaviouralChallenger(version = 'behavioural-challenger-v1'): ChallengerModel {
  return trainOn(behaviouralSpec(), version, BEHAVIOURAL_EXCLUDED, true);
}
