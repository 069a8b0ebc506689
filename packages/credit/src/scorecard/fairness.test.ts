import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Money } from '@lending/kernel';
import { validateAttributes } from '../decision/attributes.js';
import { decide } from '../decision/decide.js';
import {
  applicationChallengerModel,
  applicationModel,
  behaviouralChallengerModel,
  behaviouralModel,
  challengerProbability,
  modelInputs,
} from '../models.js';
import { parseCsv } from './dataset.js';
import { approvedByPolicy, fairnessReport, GERMAN_PROTECTED } from './fairness.js';
import { score } from './scorecard.js';

const data = (name: string) =>
  parseCsv(readFileSync(fileURLToPath(new URL(`../../data/${name}`, import.meta.url)), 'utf8'))
    .rows;
const cny = (amount: string) => Money.parseOrThrow(amount, 'CNY');

describe('protected attributes change no decision', () => {
  it('application: every row of german_train.csv, whatever its sex, marital status and foreign-worker status, gets the same decision from champion and challenger', () => {
    const model = applicationModel();
    const challenger = applicationChallengerModel();
    const decideRow = (row: Record<string, string>) => {
      const valid = validateAttributes(
        model,
        Object.entries(row)
          .filter(([name]) => name !== 'default')
          .map(([name, value]) => ({ name, value })),
      );
      if (!valid.ok) throw new Error(JSON.stringify(valid.errors));
      return decide(
        model,
        {
          requestedLimit: cny('50000'),
          monthlyIncome: cny('20000'),
          monthlyDebtPayments: cny('3000'),
          attributes: valid.value,
        },
        challenger,
      );
    };
    for (const row of data('german_train.csv')) {
      const base = decideRow(row);
      expect(base.challengerModelVersion).toBe('application-challenger-v1');
      for (const personal of ['A91', 'A92', 'A93', 'A94', 'A95'])
        for (const foreign of ['A201', 'A202'])
          expect(
            decideRow({ ...row, personal_status_and_sex: personal, foreign_worker: foreign }),
          ).toEqual(base);
    }
  });

  it('behavioural: every 10th row of taiwan_train.csv, whatever its SEX, EDUCATION and MARRIAGE, gets the same score, grade and challenger PD', () => {
    const model = behaviouralModel();
    const challenger = behaviouralChallengerModel();
    const rows = data('taiwan_train.csv').filter((_, i) => i % 10 === 0);
    for (const row of rows) {
      const outcome = (r: Record<string, string>) => ({
        scored: score(model.scorecard, modelInputs(model, r)),
        approved: approvedByPolicy(model.scorecard, modelInputs(model, r)),
        challenger: challengerProbability(challenger, r),
      });
      const base = outcome(row);
      for (const variant of [
        { SEX: '1', EDUCATION: '1', MARRIAGE: '1' },
        { SEX: '2', EDUCATION: '3', MARRIAGE: '2' },
        { SEX: '2', EDUCATION: '5', MARRIAGE: '0' },
      ])
        expect(outcome({ ...row, ...variant })).toEqual(base);
    }
  });
});

describe('fairness report', () => {
  it('gives approval rates by group and each over the most approved group', () => {
    const rows = [
      ...Array.from({ length: 40 }, (_, i) => ({ g: 'a', ok: i < 30 ? '1' : '0' })),
      ...Array.from({ length: 40 }, (_, i) => ({ g: 'b', ok: i < 20 ? '1' : '0' })),
      ...Array.from({ length: 5 }, () => ({ g: 'c', ok: '0' })),
    ];
    const report = fairnessReport(
      rows,
      { attribute: 'g', title: 'g', groupOf: (r) => r.g! },
      (r) => r.ok === '1',
    );
    expect(report.groups.map((g) => [g.group, g.approvalRate, g.adverseImpactRatio])).toEqual([
      ['a', 0.75, 1],
      ['b', 0.5, 0.5 / 0.75],
      ['c', 0, 0],
    ]);
    // c has 5 rows: shown, not judged.
    expect(report.minAdverseImpactRatio).toBeCloseTo(0.5 / 0.75, 12);
    expect(report.passesFourFifths).toBe(false);
  });

  it('reports the shipped application policy by sex as README says', () => {
    const model = applicationModel();
    const report = fairnessReport(data('german_train.csv'), GERMAN_PROTECTED[0]!, (r) =>
      approvedByPolicy(model.scorecard, modelInputs(model, r)),
    );
    expect(report.groups.map((g) => [g.group, g.rows, g.approved])).toEqual([
      ['female', 217, 78],
      ['male', 483, 181],
    ]);
  });
});
