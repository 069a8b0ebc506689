import { parseArgs } from 'node:util';
import {
  applicationSpec,
  CHECKING_BY_DURATION_FEATURE,
  withCheckingByDuration,
} from '../src/scorecard/application.js';
import { behaviouralSpec, ENGINEERED_BEHAVIOURAL_FEATURES } from '../src/scorecard/behavioural.js';
import {
  CV_PLAN,
  oneHotL2,
  QUICK_CV_PLAN,
  randomForest,
  repeatedCrossValidate,
  withDerived,
  woeScorecard,
  type Candidate,
} from '../src/scorecard/comparison.js';
import { crossValidate } from '../src/scorecard/evaluation.js';
import {
  approvedByPolicy,
  fairnessReport,
  GERMAN_PROTECTED,
  TAIWAN_PROTECTED,
  type ProtectedGrouping,
} from '../src/scorecard/fairness.js';
import type { TrainOptions } from '../src/scorecard/scorecard.js';
import { applicationModel, behaviouralModel, modelInputs } from '../src/models.js';
import { parseCsv } from '../src/scorecard/dataset.js';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// Prints the README's tables: every candidate method under the same repeated
// stratified cross-validation (5 x 5 folds, seeds fixed; --quick: one repeat),
// the shipped champions' holdout and calibration, and the fairness report of
// the shipped policy's decisions by protected attribute.
const argv = process.argv.slice(2).filter((a) => a !== '--');
const { values } = parseArgs({ args: argv, options: { quick: { type: 'boolean' } } });
const plan = values.quick ? QUICK_CV_PLAN : CV_PLAN;
const f = (x: number) => x.toFixed(4);
const out = (s: string) => process.stdout.write(s);

const engineeredNames = new Set(ENGINEERED_BEHAVIOURAL_FEATURES.map((x) => x.name));
/** The v2 method on the raw card columns only. */
const withoutEngineered = (c: Candidate, name: string): Candidate => ({
  name,
  fit: (train, options: TrainOptions) =>
    c.fit(train, {
      ...options,
      features: options.features.filter((x) => !engineeredNames.has(x.name)),
    }),
});

interface Row {
  candidate: Candidate;
  shipped: string;
  reasons: string;
}
const sections: { title: string; spec: ReturnType<typeof applicationSpec>; rows: Row[] }[] = [
  {
    title: 'application (german_train.csv, 700 rows)',
    spec: applicationSpec(),
    rows: [
      {
        candidate: woeScorecard,
        shipped: 'champion application-v2',
        reasons: 'yes: points per bin, monotone in bad rate',
      },
      {
        candidate: withDerived(
          woeScorecard,
          'WoE points scorecard + checking status x duration band',
          withCheckingByDuration,
          [CHECKING_BY_DURATION_FEATURE],
        ),
        shipped: 'no',
        reasons: 'yes',
      },
      {
        candidate: oneHotL2,
        shipped: 'challenger application-challenger-v1',
        reasons: 'no: per-bin weights contradict bad rates',
      },
      {
        candidate: randomForest(),
        shipped: 'no',
        reasons: 'no (would need SHAP-style contributions)',
      },
    ],
  },
  {
    title: 'behavioural (taiwan_train.csv, 21,000 rows)',
    spec: behaviouralSpec(),
    rows: [
      {
        candidate: withoutEngineered(woeScorecard, 'WoE points scorecard, raw columns (v2 method)'),
        shipped: 'was behavioural-v2',
        reasons: 'yes',
      },
      {
        candidate: { ...woeScorecard, name: 'WoE points scorecard + engineered features' },
        shipped: 'champion behavioural-v3',
        reasons: 'yes: points per bin, monotone in bad rate',
      },
      {
        candidate: withoutEngineered(oneHotL2, 'one-hot logistic, L2 by inner CV, raw columns'),
        shipped: 'no',
        reasons: 'no',
      },
      {
        candidate: { ...oneHotL2, name: 'one-hot logistic, L2 by inner CV + engineered features' },
        shipped: 'challenger behavioural-challenger-v1',
        reasons: 'no: per-bin weights contradict bad rates',
      },
    ],
  },
];

for (const section of sections) {
  const { spec } = section;
  out(
    `\n## ${section.title}: ${plan.repeats} x ${plan.folds}-fold stratified CV (seed ${plan.seed}), everything fitted inside each fold\n\n` +
      `| method | AUC mean ± sd over ${plan.repeats * plan.folds} folds | min | max | shipped | adverse-action reasons |\n| --- | --- | --- | --- | --- | --- |\n`,
  );
  for (const row of section.rows) {
    const started = Date.now();
    const cv = repeatedCrossValidate(spec.rows, spec.options, row.candidate, plan);
    out(
      `| ${row.candidate.name} | ${f(cv.meanAuc)} ± ${f(cv.sdAuc)} | ${f(Math.min(...cv.aucs))} | ${f(Math.max(...cv.aucs))} | ${row.shipped} | ${row.reasons} |\n`,
    );
    process.stderr.write(
      `  ${row.candidate.name}: ${((Date.now() - started) / 1000).toFixed(0)} s\n`,
    );
  }
  const cv10 = crossValidate(spec, 10);
  out(
    `\nShipped champion's method, 10-fold CV pooled out of fold: AUC ${f(cv10.pooled.auc)}, KS ${f(cv10.pooled.ks)}.\n` +
      `Calibration (out of fold, quintiles of predicted PD):\n\n| band | rows | mean predicted PD | observed default rate |\n| --- | --- | --- | --- |\n` +
      cv10.pooled.calibration
        .map((b, i) => `| ${i + 1} | ${b.count} | ${f(b.meanPredicted)} | ${f(b.observedRate)} |`)
        .join('\n') +
      '\n',
  );
}

// Fairness: the shipped champions' decisions on every row of the training files.
const file = (name: string) =>
  parseCsv(readFileSync(fileURLToPath(new URL(`../data/${name}`, import.meta.url)), 'utf8')).rows;
const fairness: {
  title: string;
  rows: readonly Record<string, string>[];
  groupings: readonly ProtectedGrouping[];
  approved: (r: Record<string, string>) => boolean;
}[] = [
  {
    title: 'application-v2 on german_train.csv: approved = grade A–C',
    rows: file('german_train.csv'),
    groupings: GERMAN_PROTECTED,
    approved: (r) =>
      approvedByPolicy(applicationModel().scorecard, modelInputs(applicationModel(), r)),
  },
  {
    title: 'behavioural-v3 on taiwan_train.csv: favourable = grade A–C (no freeze, no lowering)',
    rows: file('taiwan_train.csv'),
    groupings: TAIWAN_PROTECTED,
    approved: (r) =>
      approvedByPolicy(behaviouralModel().scorecard, modelInputs(behaviouralModel(), r)),
  },
];
out('\n## Fairness: approval rate by group, adverse impact ratio (four-fifths rule)\n');
for (const s of fairness) {
  out(
    `\n### ${s.title}\n\n| attribute | group | rows | approved | rate | AIR | four-fifths |\n| --- | --- | --- | --- | --- | --- | --- |\n`,
  );
  for (const g of s.groupings) {
    const report = fairnessReport(s.rows, g, s.approved);
    for (const r of report.groups) {
      out(
        `| ${g.title} | ${r.group} | ${r.rows} | ${r.approved} | ${f(r.approvalRate)} | ${f(r.adverseImpactRatio)} | ${r.rows < 30 ? 'too few to judge' : r.adverseImpactRatio >= 0.8 ? 'pass' : '**fails**'} |\n`,
      );
    }
  }
}
