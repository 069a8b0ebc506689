import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Money, Rate } from '@lending/kernel';
import { applicationModel } from '../models.js';
import { parseCsv } from '../scorecard/dataset.js';
import { applicantAttributes, validateAttributes } from './attributes.js';
import { decide } from './decide.js';
import { affordabilityCap, ANNUAL_RATE_CAP, GRADE_TERMS, gradeCap } from './policy.js';

const rows = parseCsv(
  readFileSync(fileURLToPath(new URL('../../data/german_train.csv', import.meta.url)), 'utf8'),
).rows;
const model = applicationModel();
const cny = (amount: string) => Money.parseOrThrow(amount, 'CNY');
const asSubmitted = (row: Record<string, string>) =>
  Object.entries(row).map(([name, value]) => ({ name, value }));

function decideRow(
  row: Record<string, string>,
  money = {
    requestedLimit: cny('50000'),
    monthlyIncome: cny('20000'),
    monthlyDebtPayments: cny('3000'),
  },
) {
  const valid = validateAttributes(model, asSubmitted(row));
  if (!valid.ok) throw new Error(JSON.stringify(valid.errors));
  return decide(model, { ...money, attributes: valid.value });
}

const summary = (d: ReturnType<typeof decide>) => ({
  outcome: d.outcome,
  score: d.score,
  probabilityOfDefault: d.probabilityOfDefault,
  riskGrade: d.riskGrade,
  limit: d.limit?.toString() ?? null,
  annualRate: d.annualRate?.toString() ?? null,
  reasons: d.reasons.map((r) => r.code),
});

describe('golden decisions: rows of german_train.csv, 50,000 CNY requested on 20,000 income and 3,000 debts', () => {
  it('row 1: grade A, approved in full at 9.9 %', () => {
    expect(summary(decideRow(rows[0]!))).toEqual({
      outcome: 'APPROVED',
      score: 579,
      probabilityOfDefault: '0.03983197',
      riskGrade: 'A',
      limit: '50000.00 CNY',
      annualRate: '0.099',
      reasons: [
        'STATUS_OF_EXISTING_CHECKING_ACCOUNT',
        'INSTALLMENT_RATE_IN_PERCENTAGE_OF_DISPOSABLE_INCOME',
        'PURPOSE',
      ],
    });
  });

  it('row 5: grade B, approved in full at 13.9 %', () => {
    expect(summary(decideRow(rows[4]!))).toMatchObject({
      outcome: 'APPROVED',
      score: 561,
      riskGrade: 'B',
      limit: '50000.00 CNY',
      annualRate: '0.139',
      reasons: ['PURPOSE', 'DURATION_IN_MONTH', 'CREDIT_HISTORY', 'TELEPHONE'],
    });
  });

  it('row 9: grade C, approved at 17.9 %', () => {
    expect(summary(decideRow(rows[8]!))).toEqual({
      probabilityOfDefault: '0.15712085',
      reasons: [
        'STATUS_OF_EXISTING_CHECKING_ACCOUNT',
        'SAVINGS_ACCOUNT_BONDS',
        'AGE_IN_YEARS',
        'DURATION_IN_MONTH',
      ],
      outcome: 'APPROVED',
      score: 535,
      riskGrade: 'C',
      limit: '50000.00 CNY',
      annualRate: '0.179',
    });
  });

  it('row 6: grade D, referred with the grade cap (40,000) proposed at 21.9 %', () => {
    const d = decideRow(rows[5]!);
    expect(summary(d)).toEqual({
      outcome: 'REFERRED',
      score: 520,
      probabilityOfDefault: '0.23241892',
      riskGrade: 'D',
      limit: '40000.00 CNY',
      annualRate: '0.219',
      reasons: [
        'LIMIT_REDUCED_GRADE',
        'DURATION_IN_MONTH',
        'STATUS_OF_EXISTING_CHECKING_ACCOUNT',
        'SAVINGS_ACCOUNT_BONDS',
        'CREDIT_HISTORY',
      ],
    });
    expect(d.reasons[0]!.description).toBe(
      'The line is 40000.00 CNY, less than requested: the most we lend at risk grade D.',
    );
  });

  it('row 2: grade E, declined with the four attributes that cost most, in words', () => {
    const d = decideRow(rows[1]!);
    expect(summary(d)).toMatchObject({
      outcome: 'DECLINED',
      score: 471,
      riskGrade: 'E',
      limit: null,
      annualRate: null,
    });
    expect(d.reasons).toEqual([
      {
        code: 'DURATION_IN_MONTH',
        description:
          'Duration of the credit: yours is 48 months; the best-scoring answer is 8 months or less (51 points).',
      },
      {
        code: 'STATUS_OF_EXISTING_CHECKING_ACCOUNT',
        description:
          'Checking account: yours is “0 to less than 200 DM”; the best-scoring answer is “no checking account” (30 points).',
      },
      {
        code: 'SAVINGS_ACCOUNT_BONDS',
        description:
          'Savings: yours is “less than 100 DM”; the best-scoring answer is “1000 DM or more” or “unknown / no savings account” (20 points).',
      },
      {
        code: 'AGE_IN_YEARS',
        description:
          'Age: yours is 22 years; the best-scoring answer is more than 35 years (18 points).',
      },
    ]);
  });
});

describe('limits and pricing', () => {
  it('caps the line by what the income affords: 7,000 a month over 12 months at 9.9 % is 79,663', () => {
    // (1 - 1.00825^-12) / 0.00825 = 11.38052805..., times 7,000 (half of 20,000 less 3,000), floored.
    expect(affordabilityCap(cny('20000'), cny('3000'), Rate.of('0.099')).toString()).toBe(
      '79663.00 CNY',
    );
    const d = decideRow(rows[0]!, {
      requestedLimit: cny('150000'),
      monthlyIncome: cny('20000'),
      monthlyDebtPayments: cny('3000'),
    });
    expect(d.limit!.toString()).toBe('79663.00 CNY');
    expect(d.reasons[0]!.code).toBe('LIMIT_REDUCED_AFFORDABILITY');
  });

  it('declines when what the income affords is below the smallest line, saying so first', () => {
    const d = decideRow(rows[0]!, {
      requestedLimit: cny('5000'),
      monthlyIncome: cny('2000'),
      monthlyDebtPayments: cny('950'),
    });
    // 2,000 × 50 % − 950 = 50 a month: 569 CNY over 12 months at 9.9 %, under the 1,000 minimum.
    expect(d.outcome).toBe('DECLINED');
    expect(d.reasons[0]!.code).toBe('AFFORDABILITY');
    expect(d.affordabilityCap!.toString()).toBe('569.00 CNY');
  });

  it('prices every grade below the 24 % cap and caps grades by share of the product maximum', () => {
    for (const terms of Object.values(GRADE_TERMS))
      expect(terms.annualRate.compare(ANNUAL_RATE_CAP)).toBe(-1);
    expect(['A', 'B', 'C', 'D'].map((g) => gradeCap(g as 'A', 'CNY').toString())).toEqual([
      '200000.00 CNY',
      '120000.00 CNY',
      '70000.00 CNY',
      '40000.00 CNY',
    ]);
  });
});

describe('hard policy rules come before the model', () => {
  it('declines a minor, whatever the score, and grades nothing', () => {
    const d = decideRow({ ...rows[0]!, age_in_years: '17' });
    expect(d.outcome).toBe('DECLINED');
    expect(d.riskGrade).toBeNull();
    expect(d.reasons.map((r) => r.code)).toEqual(['POLICY_MINIMUM_AGE']);
  });

  it('declines debt payments above half the income, and names every failed rule', () => {
    const d = decideRow(rows[0]!, {
      requestedLimit: cny('500'),
      monthlyIncome: cny('10000'),
      monthlyDebtPayments: cny('5000.01'),
    });
    expect(d.reasons.map((r) => r.code)).toEqual([
      'POLICY_DEBT_TO_INCOME',
      'POLICY_REQUESTED_LIMIT',
    ]);
    // exactly 50 % passes
    const atLimit = decideRow(rows[0]!, {
      requestedLimit: cny('1000'),
      monthlyIncome: cny('10000'),
      monthlyDebtPayments: cny('5000'),
    });
    expect(atLimit.reasons.map((r) => r.code)).not.toContain('POLICY_DEBT_TO_INCOME');
  });

  it('declines a request above the product maximum', () => {
    const d = decideRow(rows[0]!, {
      requestedLimit: cny('200000.01'),
      monthlyIncome: cny('100000'),
      monthlyDebtPayments: cny('0'),
    });
    expect(d.reasons.map((r) => r.code)).toEqual(['POLICY_REQUESTED_LIMIT']);
  });
});

describe('attribute validation', () => {
  it('accepts every row of the training file as it is', () => {
    for (const row of rows) expect(validateAttributes(model, asSubmitted(row)).ok).toBe(true);
  });

  it('names the attribute for unknown, missing, duplicated and out-of-range values', () => {
    const submitted = asSubmitted(rows[0]!).filter((a) => a.name !== 'purpose');
    submitted.push({ name: 'shoe_size', value: '44' });
    submitted.push({ name: 'telephone', value: 'A192' });
    const result = validateAttributes(
      model,
      submitted.map((a) =>
        a.name === 'duration_in_month'
          ? { ...a, value: '0' }
          : a.name === 'status_of_existing_checking_account'
            ? { ...a, value: 'A19' }
            : a.name === 'age_in_years'
              ? { ...a, value: '30.5' }
              : a,
      ),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => [e.code, e.field])).toEqual([
      ['INVALID_ATTRIBUTE_VALUE', ['attributes', 'status_of_existing_checking_account']],
      ['INVALID_ATTRIBUTE_VALUE', ['attributes', 'duration_in_month']],
      ['INVALID_ATTRIBUTE_VALUE', ['attributes', 'age_in_years']],
      ['UNKNOWN_ATTRIBUTE', ['attributes', 'shoe_size']],
      ['DUPLICATE_ATTRIBUTE', ['attributes', 'telephone']],
      ['MISSING_ATTRIBUTE', ['attributes', 'purpose']],
    ]);
    expect(result.errors[1]!.message).toBe('duration_in_month must be between 1 and 120 months.');
  });

  it('drops protected attributes and the target: never stored, never scored', () => {
    const result = validateAttributes(model, asSubmitted(rows[0]!));
    expect(result.ok).toBe(true);
    expect(result.ok && Object.keys(result.value)).not.toContain('personal_status_and_sex');
    expect(result.ok && Object.keys(result.value)).not.toContain('foreign_worker');
    expect(result.ok && Object.keys(result.value)).not.toContain('default');
    expect(
      decideRow({ ...rows[1]!, personal_status_and_sex: 'A92', foreign_worker: 'A202' }),
    ).toEqual(decideRow({ ...rows[1]!, personal_status_and_sex: 'A93', foreign_worker: 'A201' }));
  });
});

describe('properties of every decision', () => {
  const specs = [...applicantAttributes().values()];
  const applicant = fc.record(
    Object.fromEntries(
      specs.map((s) => [
        s.name,
        s.kind === 'code'
          ? fc.constantFrom(...Object.keys(s.codes!))
          : fc.integer({ min: s.min!, max: s.max! }).map(String),
      ]),
    ),
  ) as fc.Arbitrary<Record<string, string>>;
  const amounts = fc.record({
    requested: fc.bigInt({ min: 0n, max: 300_000n }),
    income: fc.bigInt({ min: 0n, max: 100_000n }),
    debts: fc.bigInt({ min: 0n, max: 60_000n }),
  });

  it('a declined applicant always gets a specific reason; a line never exceeds the request, the grade cap or what the income affords', () => {
    fc.assert(
      fc.property(applicant, amounts, (attrs, a) => {
        const d = decideRow(attrs, {
          requestedLimit: Money.of(a.requested * 100n, 'CNY'),
          monthlyIncome: Money.of(a.income * 100n, 'CNY'),
          monthlyDebtPayments: Money.of(a.debts * 100n, 'CNY'),
        });
        if (d.outcome === 'DECLINED') {
          expect(d.reasons.length).toBeGreaterThan(0);
          for (const r of d.reasons) expect(r.description).not.toMatch(/score too low/i);
        } else {
          expect(d.limit!.lessThanOrEqual(Money.of(a.requested * 100n, 'CNY'))).toBe(true);
          expect(d.limit!.lessThanOrEqual(d.gradeCap!)).toBe(true);
          expect(d.limit!.lessThanOrEqual(d.affordabilityCap!)).toBe(true);
          expect(d.annualRate!.compare(ANNUAL_RATE_CAP)).toBe(-1);
        }
        expect(d.reasons.length).toBeLessThanOrEqual(5);
      }),
      { numRuns: 300 },
    );
  });
});
