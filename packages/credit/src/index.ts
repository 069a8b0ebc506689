export * from './scorecard/dataset.js';
export * from './scorecard/metrics.js';
export * from './scorecard/evaluation.js';
export * from './scorecard/logistic.js';
export * from './scorecard/scorecard.js';
export * from './scorecard/application.js';
export * from './scorecard/behavioural.js';
