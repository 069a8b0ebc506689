import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { batchModel, type BatchModel } from './batch-scoring.js';
import { modelInputs } from './models.js';
import { parseCsv } from './scorecard/dataset.js';
import { binOf, score } from './scorecard/scorecard.js';

/** The usual population stability bands: under 0.1 stable, 0.1 to 0.25 a shift to look into, above 0.25 a shift. */
export const PSI_BANDS = { moderate: 0.1, significant: 0.25 } as const;
export type PsiBand = 'stable' | 'moderate' | 'significant';

export function psiBand(psi: number): PsiBand {
  return psi < PSI_BANDS.moderate
    ? 'stable'
    : psi < PSI_BANDS.significant
      ? 'moderate'
      : 'significant';
}

/** An empty bin counts as this share, so that the logarithm stays finite. */
const FLOOR = 1e-4;

/** Population stability index: sum over bins of (actual - expected) * ln(actual / expected). */
export function psi(expected: readonly number[], actual: readonly number[]): number {
  const e = expected.reduce((a, b) => a + b, 0);
  const a = actual.reduce((x, y) => x + y, 0);
  if (e === 0 || a === 0) throw new Error('PSI needs rows on both sides');
  return expected.reduce((sum, count, i) => {
    const pe = Math.max(count / e, FLOOR);
    const pa = Math.max(actual[i]! / a, FLOOR);
    return sum + (pa - pe) * Math.log(pa / pe);
  }, 0);
}

export interface DriftLine {
  /** An attribute the model scores, or `score`. */
  readonly name: string;
  readonly psi: number;
  readonly band: PsiBand;
}

export interface DriftReport {
  readonly modelVersion: string;
  readonly trainingRows: number;
  readonly rows: number;
  /** The score first, then every attribute the model scores, in the model's order. */
  readonly lines: readonly DriftLine[];
}

const TRAINING_FILE: Record<BatchModel, string> = {
  application: 'german_train.csv',
  behavioural: 'taiwan_train.csv',
};

const trainingRows = new Map<BatchModel, readonly Record<string, string>[]>();
function training(model: BatchModel): readonly Record<string, string>[] {
  let rows = trainingRows.get(model);
  if (!rows) {
    const file = fileURLToPath(new URL(`../data/${TRAINING_FILE[model]}`, import.meta.url));
    rows = parseCsv(readFileSync(file, 'utf8')).rows;
    trainingRows.set(model, rows);
  }
  return rows;
}

/**
 * Compares a scored batch with the training population (every row of the
 * model's training file): the PSI of each attribute over the model's own bins,
 * and of the score over the training scores' deciles.
 */
export function driftReport(
  model: BatchModel,
  batch: readonly Readonly<Record<string, string>>[],
): DriftReport {
  const artifact = batchModel(model);
  const card = artifact.scorecard;
  const reference = training(model).map((r) => modelInputs(artifact, r));
  const current = batch.map((r) => modelInputs(artifact, r));
  const points = (rows: readonly Record<string, string>[]) => rows.map((r) => score(card, r).score);
  const trainScores = points(reference);
  const sorted = [...trainScores].sort((a, b) => a - b);
  const cuts = [
    ...new Set(
      Array.from({ length: 9 }, (_, q) => sorted[Math.floor(((q + 1) * sorted.length) / 10)]!),
    ),
  ];
  const decile = (s: number) => {
    const i = cuts.findIndex((c) => s < c);
    return i === -1 ? cuts.length : i;
  };
  const counts = (values: readonly number[], bins: number) => {
    const out = new Array<number>(bins).fill(0);
    for (const v of values) out[v]!++;
    return out;
  };
  const line = (name: string, expected: number[], actual: number[]): DriftLine => {
    const value = psi(expected, actual);
    return { name, psi: value, band: psiBand(value) };
  };
  const lines: DriftLine[] = [
    line(
      'score',
      counts(trainScores.map(decile), cuts.length + 1),
      counts(points(current).map(decile), cuts.length + 1),
    ),
  ];
  for (const f of card.features) {
    const binIndex = (r: Record<string, string>) => f.bins.indexOf(binOf(f, r[f.name]));
    lines.push(
      line(
        f.name,
        counts(reference.map(binIndex), f.bins.length),
        counts(current.map(binIndex), f.bins.length),
      ),
    );
  }
  return {
    modelVersion: artifact.version,
    trainingRows: reference.length,
    rows: batch.length,
    lines,
  };
}

export function formatDriftReport(report: DriftReport, threshold: number | null): string {
  const f = (x: number) => x.toFixed(4);
  return (
    `drift of ${report.rows} rows against the training population of ${report.modelVersion} (${report.trainingRows} rows); bands: < ${PSI_BANDS.moderate} stable, ${PSI_BANDS.moderate}–${PSI_BANDS.significant} moderate, > ${PSI_BANDS.significant} significant\n` +
    `| attribute | PSI | band |${threshold === null ? '' : ` over ${threshold} |`}\n| --- | --- | --- |${threshold === null ? '' : ' --- |'}\n` +
    report.lines
      .map(
        (l) =>
          `| ${l.name} | ${f(l.psi)} | ${l.band} |${threshold === null ? '' : ` ${l.psi > threshold ? 'YES' : 'no'} |`}`,
      )
      .join('\n') +
    '\n'
  );
}
