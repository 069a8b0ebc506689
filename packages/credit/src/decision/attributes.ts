import { err, errs, ok, problem, type Problem, type Result } from '@lending/kernel';
import {
  germanCodes,
  germanSchema,
  PROTECTED_ATTRIBUTES,
  TARGET,
} from '../scorecard/application.js';
import type { ScorecardModel } from '../scorecard/application.js';

/** One applicant attribute, named as the column of german_train.csv it comes from. */
export interface AttributeSpec {
  readonly name: string;
  readonly title: string;
  readonly kind: 'code' | 'integer';
  /** Valid codes with their meaning (code attributes). */
  readonly codes?: Readonly<Record<string, string>>;
  readonly min?: number;
  readonly max?: number;
  readonly unit?: string;
}

const TITLES: Record<string, { title: string; unit?: string; min?: number; max?: number }> = {
  status_of_existing_checking_account: { title: 'Checking account' },
  duration_in_month: { title: 'Duration of the credit', unit: 'months', min: 1, max: 120 },
  credit_history: { title: 'Credit history' },
  purpose: { title: 'Purpose of the credit' },
  credit_amount: { title: 'Amount of credit', unit: 'DM', min: 1, max: 1_000_000 },
  savings_account_bonds: { title: 'Savings' },
  present_employment_since: { title: 'Time in present employment' },
  installment_rate_in_percentage_of_disposable_income: {
    title: 'Instalment as a share of disposable income (1 lowest to 4 highest)',
    min: 1,
    max: 4,
  },
  other_debtors_guarantors: { title: 'Other debtors or guarantors' },
  present_residence_since: {
    title: 'Time at present residence (1 shortest to 4 longest)',
    min: 1,
    max: 4,
  },
  property: { title: 'Property' },
  age_in_years: { title: 'Age', unit: 'years', min: 0, max: 120 },
  other_installment_plans: { title: 'Other instalment plans' },
  housing: { title: 'Housing' },
  number_of_existing_credits_at_this_bank: {
    title: 'Existing credits at this bank',
    min: 1,
    max: 4,
  },
  job: { title: 'Job' },
  number_of_people_liable_to_provide_maintenance_for: {
    title: 'People you provide maintenance for',
    min: 1,
    max: 2,
  },
  telephone: { title: 'Telephone registered in your name' },
};

let specs: ReadonlyMap<string, AttributeSpec> | undefined;

/** Every attribute an application may carry except the protected ones and the target. */
export function applicantAttributes(): ReadonlyMap<string, AttributeSpec> {
  if (specs) return specs;
  const schema = germanSchema();
  const out = new Map<string, AttributeSpec>();
  for (const column of schema.columns) {
    if (column.type === 'target' || isIgnoredAttribute(column.name)) continue;
    const extra = TITLES[column.name];
    if (!extra) throw new Error(`no title for applicant attribute ${column.name}`);
    out.set(
      column.name,
      column.type === 'cat'
        ? {
            name: column.name,
            title: extra.title,
            kind: 'code',
            codes: Object.fromEntries(
              germanCodes(schema, column.name).map((c) => [c, plainLabel(schema.code_labels[c]!)]),
            ),
          }
        : { name: column.name, kind: 'integer', ...extra },
    );
  }
  return (specs = out);
}

/** UCI's "... < 100 DM" style, in words: "less than 100 DM". */
export function plainLabel(label: string): string {
  return label
    .replace(/^\.\.\. < (.+)$/, 'less than $1')
    .replace(/^(\S+) <= \.\.\. < (.+)$/, '$1 to less than $2')
    .replace(/^\.\.\. >= (.+)$/, '$1 or more')
    .replace(/\s*\/\s*/g, ' / ');
}

/**
 * Accepted so that a training-file row can be submitted as it is, then
 * dropped: never validated beyond their name, never stored, never scored.
 */
export function isIgnoredAttribute(name: string): boolean {
  return (PROTECTED_ATTRIBUTES as readonly string[]).includes(name) || name === TARGET;
}

export const AttributeError = {
  UNKNOWN_ATTRIBUTE: 'UNKNOWN_ATTRIBUTE',
  DUPLICATE_ATTRIBUTE: 'DUPLICATE_ATTRIBUTE',
  MISSING_ATTRIBUTE: 'MISSING_ATTRIBUTE',
  INVALID_ATTRIBUTE_VALUE: 'INVALID_ATTRIBUTE_VALUE',
} as const;
export type AttributeError = (typeof AttributeError)[keyof typeof AttributeError];

const MAX_ATTRIBUTES = 64;

/**
 * Checks submitted attributes against the model's schema: every name known,
 * none twice, every attribute the model scores present, every value a valid
 * code or an integer in range. Returns the attributes to store and score.
 */
export function validateAttributes(
  model: ScorecardModel,
  submitted: readonly { name: string; value: string }[],
): Result<Record<string, string>, AttributeError> {
  const known = applicantAttributes();
  const problems: Problem<AttributeError>[] = [];
  const refuse = (code: AttributeError, attribute: string, message: string) =>
    problems.push(problem(code, message, ['attributes', attribute]));
  if (submitted.length > MAX_ATTRIBUTES) {
    return err(
      AttributeError.UNKNOWN_ATTRIBUTE,
      `At most ${MAX_ATTRIBUTES} attributes may be submitted.`,
      ['attributes'],
    );
  }
  const attributes: Record<string, string> = {};
  const seen = new Set<string>();
  for (const { name, value } of submitted) {
    if (seen.has(name)) {
      refuse(AttributeError.DUPLICATE_ATTRIBUTE, name, `${name} is given more than once.`);
      continue;
    }
    seen.add(name);
    if (isIgnoredAttribute(name)) continue;
    const spec = known.get(name);
    if (!spec) {
      refuse(
        AttributeError.UNKNOWN_ATTRIBUTE,
        name.slice(0, 100),
        `There is no applicant attribute named ${JSON.stringify(name.slice(0, 100))}.`,
      );
      continue;
    }
    const invalid = checkValue(spec, value);
    if (invalid) refuse(AttributeError.INVALID_ATTRIBUTE_VALUE, name, invalid);
    else attributes[name] = spec.kind === 'integer' ? String(Number(value)) : value;
  }
  for (const feature of model.scorecard.features) {
    if (!seen.has(feature.name)) {
      refuse(AttributeError.MISSING_ATTRIBUTE, feature.name, `${feature.name} is required.`);
    }
  }
  return problems.length > 0 ? errs(problems) : ok(attributes);
}

function checkValue(spec: AttributeSpec, value: string): string | null {
  if (spec.kind === 'code') {
    if (spec.codes && Object.hasOwn(spec.codes, value)) return null;
    return `${spec.name} must be one of ${Object.keys(spec.codes ?? {}).join(', ')}.`;
  }
  if (!/^-?\d{1,9}$/.test(value)) return `${spec.name} must be a whole number.`;
  const n = Number(value);
  if (n < spec.min! || n > spec.max!) {
    return `${spec.name} must be between ${spec.min} and ${spec.max}${spec.unit ? ` ${spec.unit}` : ''}.`;
  }
  return null;
}
