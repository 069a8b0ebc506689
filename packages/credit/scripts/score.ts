import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  BATCH_MODELS,
  batchModel,
  MAX_BATCH_ERRORS,
  scoreCsv,
  type BatchModel,
} from '../src/batch-scoring.js';
import { driftReport, formatDriftReport } from '../src/drift.js';

// Scores a CSV file with a committed scorecard:
//   pnpm --filter @lending/credit score --model application --in data/german_train.csv --out /tmp/scored.csv

const USAGE = `Usage: pnpm --filter @lending/credit score --model <application|behavioural> --in <input.csv> --out <output.csv>

Scores every row of <input.csv> with a committed scorecard and writes <output.csv>:
the input columns as they were, then score,probability_of_default,grade,reasons.

  --model  application  (models/application-v2.json; columns of data/german_train.csv)
           behavioural  (models/behavioural-v2.json; columns of data/taiwan_train.csv)
  --in     the CSV to score: the training file's header, columns in any order,
           the "default" column optional, no other columns
  --out    where to write the scored CSV (must differ from --in)
  --drift  also print the drift report: the population stability index (PSI)
           of the score and of every attribute the model scores, against the
           model's training population (< 0.1 stable, 0.1-0.25 moderate,
           > 0.25 significant shift)
  --psi-threshold <x>
           print the drift report and exit 3 if any PSI is above x
           (the scored file is written all the same)
  --help   print this message

Relative paths are resolved against packages/credit (pnpm runs the script
there), not the directory pnpm was started in; absolute paths work anywhere.

Exit codes: 0 scored, 1 invalid data or the output could not be written
(no output file is written), 2 bad arguments or unreadable input,
3 scored, but a PSI is above --psi-threshold.
`;

function usageError(message: string): never {
  process.stderr.write(`score: ${message}\n\n${USAGE}`);
  process.exit(2);
}

// `pnpm score -- --model ...` passes the `--` on: drop it rather than treat the rest as positionals.
const argv = process.argv.slice(2);
if (argv[0] === '--') argv.shift();

let values: {
  model?: string;
  in?: string;
  out?: string;
  drift?: boolean;
  'psi-threshold'?: string;
  help?: boolean;
};
try {
  ({ values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      model: { type: 'string' },
      in: { type: 'string' },
      out: { type: 'string' },
      drift: { type: 'boolean' },
      'psi-threshold': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (error) {
  usageError(error instanceof Error ? error.message : String(error));
}

if (values.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
if (values.model === undefined) usageError('--model is required.');
if (!(BATCH_MODELS as readonly string[]).includes(values.model))
  usageError(
    `--model must be one of ${BATCH_MODELS.join(', ')}, not ${JSON.stringify(values.model)}.`,
  );
if (!values.in) usageError('--in is required.');
if (!values.out) usageError('--out is required.');
let threshold: number | null = null;
if (values['psi-threshold'] !== undefined) {
  threshold = Number(values['psi-threshold']);
  if (values['psi-threshold'].trim() === '' || !Number.isFinite(threshold) || threshold <= 0)
    usageError(
      `--psi-threshold must be a positive number, not ${JSON.stringify(values['psi-threshold'])}.`,
    );
}
const model = values.model as BatchModel;
const input = resolve(values.in);
const output = resolve(values.out);
if (input === output) usageError('--out must not be the input file.');

let text: string;
try {
  text = readFileSync(input, 'utf8');
} catch (error) {
  usageError(
    `cannot read --in ${input}: ${error instanceof Error ? error.message : String(error)}`,
  );
}

const result = scoreCsv(model, text);
if (!result.ok) {
  const more =
    result.errors.length >= MAX_BATCH_ERRORS ? ` (checking stops at ${MAX_BATCH_ERRORS})` : '';
  process.stderr.write(
    `score: ${values.in} is not valid for the ${model} model; no output written.\n` +
      `${result.errors.length} error${result.errors.length === 1 ? '' : 's'}${more}:\n` +
      result.errors.map((e) => `  ${e}\n`).join(''),
  );
  process.exit(1);
}

try {
  writeFileSync(output, result.csv);
} catch (error) {
  process.stderr.write(
    `score: cannot write --out ${output}: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
}
process.stdout.write(
  `scored ${result.rows} row${result.rows === 1 ? '' : 's'} with ${batchModel(model).version} -> ${values.out}\n`,
);
if (values.drift || threshold !== null) {
  const report = driftReport(model, result.inputs);
  process.stdout.write(formatDriftReport(report, threshold));
  const over = threshold === null ? [] : report.lines.filter((l) => l.psi > threshold);
  if (over.length > 0) {
    process.stderr.write(
      `score: PSI above ${threshold} for ${over.map((l) => `${l.name} (${l.psi.toFixed(4)})`).join(', ')}\n`,
    );
    process.exit(3);
  }
}
