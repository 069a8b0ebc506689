import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { trainApplicationModel } from '../src/scorecard/application.js';

const model = trainApplicationModel();
const target = fileURLToPath(new URL('../models/application-v1.json', import.meta.url));
writeFileSync(target, JSON.stringify(model, null, 2) + '\n');
const { holdout } = model;
process.stdout.write(
  `wrote ${target}\nholdout (${holdout.rows} rows): AUC ${holdout.auc.toFixed(4)}, Gini ${holdout.gini.toFixed(4)}, KS ${holdout.ks.toFixed(4)}\n` +
    `features: ${model.scorecard.features.map((f) => `${f.name} (IV ${f.iv.toFixed(3)})`).join(', ')}\n`,
);
