import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { applicationSpec, trainApplicationModel, type ScorecardModel } from './application.js';
import { behaviouralSpec, trainBehaviouralModel } from './behavioural.js';
import { parseCsv } from './dataset.js';
import { crossValidate } from './evaluation.js';
import { QUICK_CV_PLAN, repeatedCrossValidate, woeScorecard } from './comparison.js';
import { fitLogistic, sigmoid } from './logistic.js';
import { auc, ks } from './metrics.js';
import { score } from './scorecard.js';
import {
  trainApplicationChallenger,
  trainBehaviouralChallenger,
  type ChallengerModel,
} from './challenger.js';
import { modelInputs } from '../models.js';

describe('metrics', () => {
  it('computes AUC as the share of bad-good pairs ranked right, ties half', () => {
    // bads score 0.9, 0.4; goods 0.8, 0.3, 0.4: pairs (b,g) right: 0.9>0.8,0.9>0.3,0.9>0.4, 0.4>0.3, 0.4=0.4 (half) -> 4.5/6
    expect(auc([0.9, 0.4, 0.8, 0.3, 0.4], [1, 1, 0, 0, 0])).toBeCloseTo(0.75, 12);
  });

  it('computes KS as the largest gap between cumulative bad and good shares', () => {
    // by score desc: b(0.9) g(0.8) b(0.7) g(0.2): after 1st: 1/2 - 0 = 0.5
    expect(ks([0.9, 0.8, 0.7, 0.2], [1, 0, 1, 0])).toBeCloseTo(0.5, 12);
  });
});

describe('logistic regression', () => {
  it('satisfies the score equations at its solution', () => {
    const x = [[0], [1], [2], [3], [4], [5], [6], [7]];
    const y = [0, 0, 1, 0, 1, 0, 1, 1];
    const [b0, b1] = fitLogistic(x, y, { ridge: 0 });
    const residual = x.map((r, i) => y[i]! - sigmoid(b0! + b1! * r[0]!));
    expect(residual.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 9);
    expect(residual.reduce((a, r, i) => a + r * x[i]![0]!, 0)).toBeCloseTo(0, 9);
    expect(b1).toBeGreaterThan(0);
  });
});

describe('application scorecard (German credit)', () => {
  const committed = JSON.parse(
    readFileSync(
      fileURLToPath(new URL('../../models/application-v2.json', import.meta.url)),
      'utf8',
    ),
  ) as ScorecardModel;
  const rows = parseCsv(
    readFileSync(fileURLToPath(new URL('../../data/german_train.csv', import.meta.url)), 'utf8'),
  ).rows;

  it('retrains to exactly the committed artifact (deterministic, seeded)', () => {
    expect(JSON.parse(JSON.stringify(trainApplicationModel()))).toEqual(committed);
  });

  it('keeps its holdout performance: a retrain that degrades it fails here', () => {
    expect(committed.holdout.rows).toBe(176);
    expect(committed.holdout.auc).toBeCloseTo(0.8288, 4);
    expect(committed.holdout.ks).toBeGreaterThanOrEqual(0.45);
  });

  it('never uses protected attributes: changing them changes nothing', () => {
    const names = committed.scorecard.features.map((f) => f.name);
    expect(names).not.toContain('personal_status_and_sex');
    expect(names).not.toContain('foreign_worker');
    for (const row of rows.slice(0, 50)) {
      const base = score(committed.scorecard, row);
      for (const variant of [
        { personal_status_and_sex: 'A92', foreign_worker: 'A202' },
        { personal_status_and_sex: 'A93', foreign_worker: 'A201' },
      ]) {
        expect(score(committed.scorecard, { ...row, ...variant })).toEqual(base);
      }
    }
  });

  it('gives higher scores to lower probabilities of default, and names what cost points', () => {
    const scored = rows.slice(0, 200).map((r) => score(committed.scorecard, r));
    const byScore = [...scored].sort((a, b) => a.score - b.score);
    expect(byScore[0]!.probabilityOfDefault).toBeGreaterThan(byScore.at(-1)!.probabilityOfDefault);
    const worst = byScore[0]!;
    expect(worst.reasons.length).toBeGreaterThan(0);
    expect(worst.reasons.length).toBeLessThanOrEqual(4);
    expect([...worst.reasons].sort((a, b) => b.pointsLost - a.pointsLost)).toEqual(worst.reasons);
  });
});

describe('the method, cross-validated (whole training file)', () => {
  it('keeps its cross-validated AUC for both models', () => {
    expect(crossValidate(applicationSpec(), 10).meanAuc).toBeGreaterThanOrEqual(0.77);
    // One repeat of the 5 x 5 plan of record (README): 0.7699 for the engineered card.
    const spec = behaviouralSpec();
    expect(
      repeatedCrossValidate(spec.rows, spec.options, woeScorecard, QUICK_CV_PLAN).meanAuc,
    ).toBeGreaterThanOrEqual(0.769);
  });

  it('gives every attribute points that rise with its good:bad odds (no sign flipped by overlap)', () => {
    for (const version of ['application-v2', 'behavioural-v3']) {
      const model = JSON.parse(
        readFileSync(
          fileURLToPath(new URL(`../../models/${version}.json`, import.meta.url)),
          'utf8',
        ),
      ) as ScorecardModel;
      for (const f of model.scorecard.features) {
        expect(f.weight, f.name).toBeLessThan(0);
        const byWoe = [...f.bins].sort((a, b) => a.woe - b.woe);
        expect(
          byWoe.map((b) => b.points),
          f.name,
        ).toEqual([...byWoe.map((b) => b.points)].sort((a, b) => a - b));
      }
    }
  });

  it('scores a valid code that no training row had as the riskiest group of its attribute', () => {
    const model = trainApplicationModel();
    const purpose = model.scorecard.features.find((f) => f.name === 'purpose')!;
    const riskiest = [...purpose.bins].sort((a, b) => b.bads / b.count - a.bads / a.count)[0]!;
    // A47 (vacation) does not occur in german_train.csv.
    expect(riskiest.categories).toContain('A47');
  });
});

describe('behavioural scorecard (Taiwan revolving credit)', () => {
  const committed = JSON.parse(
    readFileSync(
      fileURLToPath(new URL('../../models/behavioural-v3.json', import.meta.url)),
      'utf8',
    ),
  ) as ScorecardModel;

  it('retrains to exactly the committed artifact and keeps its holdout performance', () => {
    expect(JSON.parse(JSON.stringify(trainBehaviouralModel()))).toEqual(committed);
    expect(committed.holdout.rows).toBe(5250);
    expect(committed.holdout.auc).toBeCloseTo(0.7642, 4);
  });

  it('never uses SEX, MARRIAGE or EDUCATION', () => {
    const names = committed.scorecard.features.map((f) => f.name);
    for (const name of ['SEX', 'MARRIAGE', 'EDUCATION']) expect(names).not.toContain(name);
    const rows = parseCsv(
      readFileSync(fileURLToPath(new URL('../../data/taiwan_train.csv', import.meta.url)), 'utf8'),
    ).rows.slice(0, 50);
    for (const row of rows) {
      const a = { ...row, SEX: '1', MARRIAGE: '2', EDUCATION: '1' };
      const b = { ...row, SEX: '2', MARRIAGE: '1', EDUCATION: '3' };
      expect(score(committed.scorecard, modelInputs(committed, a))).toEqual(
        score(committed.scorecard, modelInputs(committed, b)),
      );
    }
  });
});

describe('challengers (one-hot logistic, L2 by inner CV)', () => {
  const load = (version: string) =>
    JSON.parse(
      readFileSync(fileURLToPath(new URL(`../../models/${version}.json`, import.meta.url)), 'utf8'),
    ) as ChallengerModel;

  it('retrain to exactly the committed artifacts and keep their holdout AUC', () => {
    const application = load('application-challenger-v1');
    expect(JSON.parse(JSON.stringify(trainApplicationChallenger()))).toEqual(application);
    expect(application.holdout.auc).toBeCloseTo(0.8389, 4);
    const behavioural = load('behavioural-challenger-v1');
    expect(JSON.parse(JSON.stringify(trainBehaviouralChallenger()))).toEqual(behavioural);
    expect(behavioural.holdout.auc).toBeCloseTo(0.7681, 4);
  });

  it('never read a protected attribute', () => {
    for (const [version, banned] of [
      ['application-challenger-v1', ['personal_status_and_sex', 'foreign_worker']],
      ['behavioural-challenger-v1', ['SEX', 'MARRIAGE', 'EDUCATION']],
    ] as const) {
      const names = load(version).model.features.map((f) => f.name);
      for (const name of banned) expect(names).not.toContain(name);
    }
  });
});
