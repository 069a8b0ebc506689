import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseCsv } from './dataset.js';
import { trainWithHoldout, type Evaluation, type ModelSpec } from './evaluation.js';
import type { Scorecard } from './scorecard.js';

/** Never model inputs: protected characteristics (see data/README.md). */
export const PROTECTED_ATTRIBUTES = ['personal_status_and_sex', 'foreign_worker'] as const;
export const TARGET = 'default';
export const SPLIT_SEED = 20261128;
export const HOLDOUT_SHARE = 0.25;

const dataFile = fileURLToPath(new URL('../../data/german_train.csv', import.meta.url));
const schemaFile = fileURLToPath(new URL('../../data/german_credit_schema.json', import.meta.url));

/** A trained scorecard with its provenance and holdout evaluation: the committed model artifact. */
export interface ScorecardModel {
  readonly version: string;
  readonly dataSha256: string;
  readonly excluded: readonly string[];
  /** Scores rows with engineeredBehaviouralFeatures added (behavioural-v3 on). */
  readonly engineered?: boolean;
  readonly scorecard: Scorecard;
  readonly holdout: Evaluation;
}

export interface GermanSchema {
  readonly columns: readonly { name: string; type: 'cat' | 'num' | 'target' }[];
  readonly code_labels: Readonly<Record<string, string>>;
}

export function germanSchema(): GermanSchema {
  return JSON.parse(readFileSync(schemaFile, 'utf8')) as GermanSchema;
}

/** The valid codes of a categorical German attribute: attribute i (UCI order) has codes A{i}0..A{i}10. */
export function germanCodes(schema: GermanSchema, name: string): string[] {
  const i = schema.columns.findIndex((c) => c.name === name) + 1;
  const pattern = new RegExp(`^A${i}(\\d|10)$`);
  return Object.keys(schema.code_labels).filter((code) => pattern.test(code));
}

export function applicationSpec(): ModelSpec & { text: string } {
  const text = readFileSync(dataFile, 'utf8');
  const schema = germanSchema();
  const features = schema.columns
    .filter(
      (c) => c.type !== 'target' && !(PROTECTED_ATTRIBUTES as readonly string[]).includes(c.name),
    )
    .map((c) => ({
      name: c.name,
      type: c.type as 'cat' | 'num',
      ...(c.type === 'cat' ? { codes: germanCodes(schema, c.name) } : {}),
    }));
  return {
    text,
    rows: parseCsv(text).rows,
    options: { features, target: TARGET },
    seed: SPLIT_SEED,
    holdoutShare: HOLDOUT_SHARE,
  };
}

/** Trains the application scorecard on 75 % of german_train.csv and evaluates it on the seeded 25 % it never saw. */
export function trainApplicationModel(version = 'application-v2'): ScorecardModel {
  const spec = applicationSpec();
  return {
    version,
    dataSha256: createHash('sha256').update(spec.text).digest('hex'),
    excluded: [...PROTECTED_ATTRIBUTES],
    ...trainWithHoldout(spec),
  };
}

const durationBand = (months: number) => (months <= 12 ? 'S' : months <= 24 ? 'M' : 'L');

/**
 * The interaction a credit analyst names first on this data: checking-account
 * status by duration band (up to 12 months, 13 to 24, longer), as one
 * categorical attribute, for the comparison in `evaluate` (it does not win).
 */
export function withCheckingByDuration(
  row: Readonly<Record<string, string>>,
): Record<string, string> {
  return {
    ...row,
    checking_by_duration: `${row.status_of_existing_checking_account}-${durationBand(Number(row.duration_in_month))}`,
  };
}

export const CHECKING_BY_DURATION_FEATURE = {
  name: 'checking_by_duration',
  type: 'cat' as const,
  codes: ['A11', 'A12', 'A13', 'A14'].flatMap((c) => ['S', 'M', 'L'].map((b) => `${c}-${b}`)),
};
