import { applicationSpec } from '../src/scorecard/application.js';
import { behaviouralSpec } from '../src/scorecard/behavioural.js';
import { crossValidate, trainWithHoldout } from '../src/scorecard/evaluation.js';

// Prints the validation tables of the package README: 10-fold cross-validation
// of the whole method, and the seeded holdout of the shipped artifacts.
const f = (x: number) => x.toFixed(4);
for (const [name, spec] of [
  ['application (german_train.csv)', applicationSpec()],
  ['behavioural (taiwan_train.csv)', behaviouralSpec()],
] as const) {
  const cv = crossValidate(spec, 10);
  const { holdout } = trainWithHoldout(spec);
  process.stdout.write(
    `\n## ${name}\n\n` +
      `| | rows | AUC | Gini | KS |\n| --- | --- | --- | --- | --- |\n` +
      `| 10-fold CV, mean of folds (sd) | ${spec.rows.length} | ${f(cv.meanAuc)} (${f(cv.sdAuc)}) | ${f(2 * cv.meanAuc - 1)} | |\n` +
      `| 10-fold CV, pooled out-of-fold | ${cv.pooled.rows} | ${f(cv.pooled.auc)} | ${f(cv.pooled.gini)} | ${f(cv.pooled.ks)} |\n` +
      `| shipped model, 25 % holdout | ${holdout.rows} | ${f(holdout.auc)} | ${f(holdout.gini)} | ${f(holdout.ks)} |\n\n` +
      `Calibration (out-of-fold, quintiles of predicted PD):\n\n| band | rows | mean predicted PD | observed default rate |\n| --- | --- | --- | --- |\n` +
      cv.pooled.calibration
        .map((b, i) => `| ${i + 1} | ${b.count} | ${f(b.meanPredicted)} | ${f(b.observedRate)} |`)
        .join('\n') +
      `\n\nCalibration (holdout, quintiles):\n\n| band | rows | mean predicted PD | observed default rate |\n| --- | --- | --- | --- |\n` +
      holdout.calibration
        .map((b, i) => `| ${i + 1} | ${b.count} | ${f(b.meanPredicted)} | ${f(b.observedRate)} |`)
        .join('\n') +
      '\n',
  );
}
