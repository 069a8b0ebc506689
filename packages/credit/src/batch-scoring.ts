import { validateAttributes } from './decision/attributes.js';
import { gradeOf } from './decision/policy.js';
import { applicationModel, behaviouralModel, modelInputs } from './models.js';
import {
  germanSchema,
  PROTECTED_ATTRIBUTES,
  TARGET,
  type ScorecardModel,
} from './scorecard/application.js';
import {
  BEHAVIOURAL_EXCLUDED,
  BEHAVIOURAL_TARGET,
  ENGINEERED_BEHAVIOURAL_FEATURES,
  PAY_CODES,
} from './scorecard/behavioural.js';
import { formatProbability, score } from './scorecard/scorecard.js';

export const BATCH_MODELS = ['application', 'behavioural'] as const;
export type BatchModel = (typeof BATCH_MODELS)[number];

/** Validation stops once this many errors are collected. */
export const MAX_BATCH_ERRORS = 20;

/** The columns appended to every scored row. */
export const SCORE_COLUMNS = ['score', 'probability_of_default', 'grade', 'reasons'] as const;

/** The header of taiwan_train.csv: the columns a behavioural batch may carry. */
export const TAIWAN_COLUMNS: readonly string[] = [
  'ID',
  'LIMIT_BAL',
  'SEX',
  'EDUCATION',
  'MARRIAGE',
  'AGE',
  'PAY_0',
  'PAY_2',
  'PAY_3',
  'PAY_4',
  'PAY_5',
  'PAY_6',
  ...[1, 2, 3, 4, 5, 6].map((i) => `BILL_AMT${i}`),
  ...[1, 2, 3, 4, 5, 6].map((i) => `PAY_AMT${i}`),
  BEHAVIOURAL_TARGET,
];

/** The committed model artifact a batch is scored with. */
export function batchModel(model: BatchModel): ScorecardModel {
  return model === 'application' ? applicationModel() : behaviouralModel();
}

type Validator = (
  row: Record<string, string>,
) => { ok: true; attributes: Record<string, string> } | { ok: false; errors: string[] };

interface BatchSpec {
  readonly model: ScorecardModel;
  /** Every column the training file has: anything else is an unknown column. */
  readonly columns: readonly string[];
  /** Never model inputs: passed through, never scored. */
  readonly protected: readonly string[];
  /** The columns the model reads (its engineered attributes are derived from them). */
  readonly inputs: readonly string[];
  readonly validate: Validator;
}

function applicationBatch(): BatchSpec {
  const model = applicationModel();
  return {
    model,
    columns: germanSchema().columns.map((c) => c.name),
    protected: PROTECTED_ATTRIBUTES,
    inputs: model.scorecard.features.map((f) => f.name),
    validate: (row) => {
      // The target is accepted as a training-file column, but is no attribute of an application.
      const submitted = Object.entries(row)
        .filter(([name]) => name !== TARGET)
        .map(([name, value]) => ({ name, value }));
      const result = validateAttributes(model, submitted);
      return result.ok
        ? { ok: true, attributes: result.value }
        : { ok: false, errors: result.errors.map((e) => e.message) };
    },
  };
}

const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

/** The card columns the behavioural model reads: LIMIT_BAL, repayment status, bills and payments. */
export const BEHAVIOURAL_INPUT_COLUMNS: readonly string[] = TAIWAN_COLUMNS.filter(
  (c) => c === 'LIMIT_BAL' || /^PAY_\d$/.test(c) || /^BILL_AMT\d$/.test(c) || /^PAY_AMT\d$/.test(c),
);

function behaviouralBatch(): BatchSpec {
  const model = behaviouralModel();
  const engineered = new Set(ENGINEERED_BEHAVIOURAL_FEATURES.map((f) => f.name));
  for (const f of model.scorecard.features) {
    if (!engineered.has(f.name) && !BEHAVIOURAL_INPUT_COLUMNS.includes(f.name))
      throw new Error(`${model.version} scores ${f.name}, which is no input column`);
  }
  const checks = BEHAVIOURAL_INPUT_COLUMNS.map((name) => {
    if (!/^PAY_\d$/.test(name)) {
      return (value: string) =>
        NUMBER.test(value) && Number.isFinite(Number(value)) ? null : `${name} must be a number.`;
    }
    return (value: string) =>
      PAY_CODES.includes(value) ? null : `${name} must be one of ${PAY_CODES.join(', ')}.`;
  });
  return {
    model,
    columns: TAIWAN_COLUMNS,
    protected: BEHAVIOURAL_EXCLUDED,
    inputs: BEHAVIOURAL_INPUT_COLUMNS,
    validate: (row) => {
      const attributes: Record<string, string> = {};
      const errors: string[] = [];
      BEHAVIOURAL_INPUT_COLUMNS.forEach((name, j) => {
        const value = row[name]!;
        const problem = checks[j]!(value);
        if (problem) errors.push(problem);
        else attributes[name] = value;
      });
      return errors.length > 0 ? { ok: false, errors } : { ok: true, attributes };
    },
  };
}

/**
 * Scores a CSV in the training file's format (german_train.csv for the
 * application model, taiwan_train.csv for the behavioural one) with the
 * committed scorecard. Columns may come in any order and the `default` target
 * may be left out; every model feature must be there and nothing the training
 * file does not have. Every row is validated before anything is scored; errors
 * name the file's 1-based line and the column, and checking stops at
 * MAX_BATCH_ERRORS. The output is each input line as it was, followed by
 * `score,probability_of_default,grade,reasons` (PD to 8 places, grade A–E,
 * reasons the features that cost most points first, joined by `|`).
 * Protected attributes may be present: they are passed through, never scored.
 */
export function scoreCsv(
  model: BatchModel,
  text: string,
):
  | { ok: true; csv: string; rows: number; inputs: readonly Record<string, string>[] }
  | { ok: false; errors: string[] } {
  const spec = model === 'application' ? applicationBatch() : behaviouralBatch();
  const card = spec.model.scorecard;
  for (const f of card.features) {
    if (spec.protected.includes(f.name))
      throw new Error(`${spec.model.version} scores the protected attribute ${f.name}`);
  }

  // Physical lines, so that errors point at the line an editor shows; blank lines are skipped.
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((content, i) => ({ number: i + 1, content }))
    .filter((l) => l.content.length > 0);
  const [header, ...body] = lines;
  if (!header) return { ok: false, errors: ['line 1: the file is empty; expected a header row.'] };

  const columns = header.content.split(',');
  const errors: string[] = [];
  const seen = new Set<string>();
  for (const c of columns) {
    if (seen.has(c)) errors.push(`line ${header.number}: column ${c} appears more than once.`);
    seen.add(c);
  }
  const unknown = [...seen].filter((c) => !spec.columns.includes(c));
  if (unknown.length > 0) {
    errors.push(
      `line ${header.number}: unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((c) => JSON.stringify(c.slice(0, 100))).join(', ')}; the ${model} model takes the columns of its training file: ${spec.columns.join(', ')}.`,
    );
  }
  const missing = spec.inputs.filter((name) => !seen.has(name));
  if (missing.length > 0) {
    errors.push(
      `line ${header.number}: missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (${missing.length > 1 ? 'features' : 'a feature'} of ${spec.model.version}).`,
    );
  }
  if (errors.length > 0) return { ok: false, errors: errors.slice(0, MAX_BATCH_ERRORS) };

  const scoredInputs: Record<string, string>[] = [];
  for (const line of body) {
    const cells = line.content.split(',');
    if (cells.length !== columns.length) {
      errors.push(`line ${line.number}: ${cells.length} cells, expected ${columns.length}.`);
    } else {
      const row = Object.fromEntries(columns.map((c, j) => [c, cells[j]!]));
      const result = spec.validate(row);
      if (result.ok) scoredInputs.push(result.attributes);
      else errors.push(...result.errors.map((e) => `line ${line.number}: ${e}`));
    }
    if (errors.length >= MAX_BATCH_ERRORS) break;
  }
  if (errors.length > 0) return { ok: false, errors: errors.slice(0, MAX_BATCH_ERRORS) };

  const out = [[...columns, ...SCORE_COLUMNS].join(',')];
  body.forEach((line, i) => {
    const scored = score(card, modelInputs(spec.model, scoredInputs[i]!));
    out.push(
      [
        line.content,
        scored.score,
        formatProbability(scored.probabilityOfDefault),
        gradeOf(scored.score),
        scored.reasons.map((r) => r.feature).join('|'),
      ].join(','),
    );
  });
  return { ok: true, csv: out.join('\n') + '\n', rows: body.length, inputs: scoredInputs };
}
