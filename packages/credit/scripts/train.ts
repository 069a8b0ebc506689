import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { trainApplicationModel } from '../src/scorecard/application.js';
import { trainBehaviouralModel } from '../src/scorecard/behavioural.js';
import {
  trainApplicationChallenger,
  trainBehaviouralChallenger,
} from '../src/scorecard/challenger.js';

const write = (model: { version: string }) => {
  const target = fileURLToPath(new URL(`../models/${model.version}.json`, import.meta.url));
  writeFileSync(target, JSON.stringify(model, null, 2) + '\n');
};

for (const model of [trainApplicationModel(), trainBehaviouralModel()]) {
  write(model);
  const { holdout } = model;
  process.stdout.write(
    `${model.version}: holdout (${holdout.rows} rows) AUC ${holdout.auc.toFixed(4)}, Gini ${holdout.gini.toFixed(4)}, KS ${holdout.ks.toFixed(4)}\n` +
      `  features: ${model.scorecard.features.map((f) => `${f.name} (IV ${f.iv.toFixed(3)})`).join(', ')}\n`,
  );
}
for (const challenger of [trainApplicationChallenger(), trainBehaviouralChallenger()]) {
  write(challenger);
  process.stdout.write(
    `${challenger.version}: holdout (${challenger.holdout.rows} rows) AUC ${challenger.holdout.auc.toFixed(4)}, L2 ${challenger.model.ridge}\n`,
  );
}
