import { describe, expect } from 'vitest';
import { borrowerFactory } from '@lending/borrowers/testing';
import type { Db } from '@lending/db';
import { BusinessDate, FixedClock, Money, Role, toGlobalId } from '@lending/kernel';
import { BusinessCalendarMode, runCloseOfBusiness } from '@lending/close-of-business';
import { drawdown, getCreditLinesByIds, makeRepayment } from '@lending/ledger';
import { creditLineFactory } from '@lending/ledger/testing';
import { dbTest } from '@lending/testing/fixtures';
import {
  behaviouralFeatures,
  decideLimit,
  listLimitChangesOfLines,
  runLimitReview,
  type LineFacts,
  type LineMonth,
} from '../src/index.js';
import { recordedDecisions, referenceDecisions } from './limit-review-reference.js';

const SIMULATED = { mode: BusinessCalendarMode.SIMULATED, timeZone: 'Asia/Shanghai' } as const;

const test = dbTest.override({ dbOptions: { businessDate: '2026-01-31' } });
const cny = (s: string) => Money.parseOrThrow(s, 'CNY');

function month(overrides: Partial<Record<keyof LineMonth, unknown>> = {}): LineMonth {
  return {
    periodStart: '2026-06-01',
    periodEnd: '2026-06-30',
    balance: cny('2000'),
    paid: cny('500'),
    drawn: cny('0'),
    daysPastDue: 0,
    used: true,
    open: true,
    ...overrides,
  } as LineMonth;
}
const six = (first: Partial<Record<keyof LineMonth, unknown>> = {}, rest = {}) => [
  month(first),
  ...Array.from({ length: 5 }, () => month(rest)),
];
const facts = (overrides: Partial<LineFacts>): LineFacts => ({
  limit: cny('10000'),
  drawn: cny('2000'),
  status: 'ACTIVE',
  grade: 'C',
  daysPastDueNow: 0,
  months: six(),
  lastChange: null,
  ...overrides,
});

describe('limit rules', () => {
  test('raises a seasoned, used, never-late grade A or B line by 20 %, up to the product maximum', () => {
    expect(decideLimit(facts({ grade: 'A' }))).toMatchObject({
      action: 'RAISE',
      newStatus: 'ACTIVE',
    });
    expect(decideLimit(facts({ grade: 'B' })).newLimit.toString()).toBe('12000.00 CNY');
    expect(decideLimit(facts({ grade: 'A', limit: cny('190000') })).newLimit.toString()).toBe(
      '200000.00 CNY',
    );
    expect(decideLimit(facts({ grade: 'A', limit: cny('200000') })).action).toBe('KEEP');
  });

  test('does not raise a line that was late, unused, too new, or changed in the last 90 days', () => {
    expect(decideLimit(facts({ grade: 'A', months: six({}, { daysPastDue: 3 }) })).action).toBe(
      'KEEP',
    );
    expect(
      decideLimit(facts({ grade: 'A', months: six({ used: false }, { used: false }) })).action,
    ).toBe('KEEP');
    expect(decideLimit(facts({ grade: 'A', months: six({}, { open: false }) })).action).toBe(
      'KEEP',
    );
    expect(
      decideLimit(facts({ grade: 'A', lastChange: { action: 'RAISE', daysAgo: 89 } })).action,
    ).toBe('KEEP');
    expect(
      decideLimit(facts({ grade: 'A', lastChange: { action: 'RAISE', daysAgo: 90 } })).action,
    ).toBe('RAISE');
  });

  test('lowers a grade D line by 20 %, never below what is drawn', () => {
    expect(decideLimit(facts({ grade: 'D' })).newLimit.toString()).toBe('8000.00 CNY');
    expect(decideLimit(facts({ grade: 'D', drawn: cny('9500.55') })).newLimit.toString()).toBe(
      '9500.55 CNY',
    );
    expect(decideLimit(facts({ grade: 'D', drawn: cny('10000') })).action).toBe('KEEP');
    expect(
      decideLimit(facts({ grade: 'D', lastChange: { action: 'LOWER', daysAgo: 30 } })).action,
    ).toBe('KEEP');
  });

  test('freezes grade E or more than 30 days past due, and says which', () => {
    expect(decideLimit(facts({ grade: 'E' }))).toMatchObject({
      action: 'FREEZE',
      newStatus: 'FROZEN',
      rule: { code: 'RISK_GRADE_E' },
    });
    expect(decideLimit(facts({ grade: 'A', daysPastDueNow: 31 }))).toMatchObject({
      action: 'FREEZE',
      rule: { code: 'PAST_DUE' },
    });
    expect(decideLimit(facts({ grade: 'A', months: six({ daysPastDue: 30 }) })).action).not.toBe(
      'FREEZE',
    );
  });

  test('unfreezes only a line this job froze, once it is graded A–C with nothing past due', () => {
    const frozen = {
      status: 'FROZEN' as const,
      lastChange: { action: 'FREEZE' as const, daysAgo: 30 },
    };
    expect(decideLimit(facts({ ...frozen, grade: 'C' }))).toMatchObject({
      action: 'UNFREEZE',
      newStatus: 'ACTIVE',
    });
    expect(decideLimit(facts({ ...frozen, grade: 'D' })).action).toBe('KEEP');
    expect(decideLimit(facts({ ...frozen, grade: 'A', daysPastDueNow: 1 })).action).toBe('KEEP');
    expect(decideLimit(facts({ status: 'FROZEN', grade: 'A', lastChange: null })).action).toBe(
      'KEEP',
    );
  });
});

describe('behavioural features from the ledger history', () => {
  test('codes repayment status as the card data does, and puts amounts in NT$', () => {
    const f = behaviouralFeatures(cny('10000'), [
      month({ daysPastDue: 31 }),
      month({ daysPastDue: 1 }),
      month({ balance: cny('0') }),
      month(),
      month({ used: false }),
      month({ open: false, used: false }),
    ]);
    expect(f).toMatchObject({
      LIMIT_BAL: '39500',
      PAY_0: '2',
      PAY_2: '1',
      PAY_3: '-1',
      PAY_4: '0',
      PAY_5: '-2',
      PAY_6: '-2',
      PAY_AMT1: '1975',
      BILL_AMT1: '7900',
    });
  });
});

describe('runLimitReview over a ledger timeline', () => {
  /** The file's database, from the fixture, for the timeline's helpers: set as the timeline starts. */
  let db: Db;
  const clock = new FixedClock('2026-01-15T09:00:00Z');
  const lines: Record<string, string> = {};
  const loans: Record<string, string> = {};
  const cob = async (date: string) => {
    const r = await runCloseOfBusiness(db, clock, BusinessDate.parseOrThrow(date), {
      calendar: SIMULATED,
    });
    if (!r.ok) throw new Error(r.errors[0].code);
  };
  const ops = { id: 'ops-1', role: Role.OPS, borrowerId: null };
  const pay = async (name: string, amount: string, key: string) => {
    const r = await makeRepayment({ db, clock }, ops, {
      loanId: loans[name]!,
      amount: cny(amount),
      idempotencyKey: key,
    });
    if (!r.ok) throw new Error(r.errors[0].code);
  };

  test.beforeAll(async ({ db: fileDb }) => {
    db = fileDb;
    for (const name of ['steady', 'late', 'idle']) {
      const borrower = await borrowerFactory(db);
      lines[name] = (
        await creditLineFactory(
          db,
          borrower.id,
          { limit: name === 'steady' ? '100000.00' : '10000.00' },
          clock,
        )
      ).id;
      if (name === 'idle') continue;
      const r = await drawdown(
        { db, clock },
        { id: toGlobalId('Borrower', borrower.id), borrowerId: borrower.id },
        {
          creditLineId: lines[name],
          amount: cny(name === 'steady' ? '60000.00' : '6000.00'),
          termMonths: 6,
          repaymentMethod: 'EQUAL_PRINCIPAL',
          idempotencyKey: name,
        },
      );
      if (!r.ok) throw new Error(r.errors[0].code);
      loans[name] = r.value.loanId;
    }
    const dues = [
      // 10,000.00 principal plus 18 % / 12 on what is left: 900, 750, 600, 450, 300.
      ['2026-02-28', '10900.00'],
      ['2026-03-31', '10750.00'],
      ['2026-04-30', '10600.00'],
      ['2026-05-31', '10450.00'],
      ['2026-06-30', '10300.00'],
    ];
    for (const [date, amount] of dues) {
      await cob(date!);
      await pay('steady', amount!, date!);
    }
    await cob('2026-07-20');
  }, 300_000);

  test('freezes the line 142 days past due, raises the steady payer, keeps the idle line; a re-run the same day changes nothing', async () => {
    const asOf = BusinessDate.parseOrThrow('2026-07-20');
    const expected = await referenceDecisions(db, asOf);
    const summary = await runLimitReview({ db, clock }, { id: 'ops-1' });
    // Set-based, it decides and records exactly what the line-by-line reads decided.
    expect(await recordedDecisions(db, asOf)).toEqual(expected);
    const after = await getCreditLinesByIds(db, [...expected.keys()]);
    expect(after.map((l) => [l!.id, l!.limit.minor, l!.status])).toEqual(
      [...expected.entries()].map(([id, e]) => [id, e.limitAfterMinor, e.statusAfter]),
    );
    expect(summary).toEqual({
      businessDate: '2026-07-20',
      reviewed: 3,
      raised: 1,
      lowered: 0,
      frozen: 1,
      unfrozen: 0,
      kept: 1,
      alreadyReviewed: 0,
    });
    const [steady, late, idle] = await getCreditLinesByIds(db, [
      lines.steady!,
      lines.late!,
      lines.idle!,
    ]);
    expect(steady!.limit.toString()).toBe('120000.00 CNY');
    expect(late!.status).toBe('FROZEN');
    expect(idle!.limit.toString()).toBe('10000.00 CNY');

    const changes = await listLimitChangesOfLines(db, [lines.steady!, lines.late!, lines.idle!]);
    expect(changes.get(lines.idle!)).toEqual([]);
    expect(changes.get(lines.late!)![0]).toMatchObject({
      action: 'FREEZE',
      statusBefore: 'ACTIVE',
      statusAfter: 'FROZEN',
      modelVersion: 'behavioural-v3',
      challengerModelVersion: 'behavioural-challenger-v1',
    });
    expect(changes.get(lines.late!)![0]!.reasons[0]).toEqual({
      code: 'PAST_DUE',
      description: 'A payment is 142 days past due, so no new drawdowns until it is paid.',
    });
    expect(changes.get(lines.steady!)![0]).toMatchObject({
      action: 'RAISE',
      score: 565,
      probabilityOfDefault: '0.06135874',
      riskGrade: 'B',
    });
    expect(changes.get(lines.steady!)![0]!.reasons.map((r) => r.code)).toEqual([
      'RISK_GRADE_B',
      'PAY_AMT6',
      'PAID_RATIO_1',
      'PAID_RATIO_AVG',
      'PAY_3',
    ]);
    // The challenger scored the same features and decided nothing.
    expect(changes.get(lines.steady!)![0]!.challengerProbabilityOfDefault).toMatch(/^0\.\d{8}$/);
    expect(changes.get(lines.steady!)![0]!.limitBefore.toString()).toBe('100000.00 CNY');
    expect(changes.get(lines.steady!)![0]!.limitAfter.toString()).toBe('120000.00 CNY');

    const again = await runLimitReview({ db, clock }, { id: 'ops-1' });
    expect(again).toMatchObject({ reviewed: 0, alreadyReviewed: 3 });
    const [steadyAgain] = await getCreditLinesByIds(db, [lines.steady!]);
    expect(steadyAgain!.limit.toString()).toBe('120000.00 CNY');
  });

  test('a frozen line takes no drawdowns', async () => {
    const [late] = await getCreditLinesByIds(db, [lines.late!]);
    const r = await drawdown(
      { db, clock },
      { id: toGlobalId('Borrower', late!.borrowerId), borrowerId: late!.borrowerId },
      {
        creditLineId: late!.id,
        amount: cny('100.00'),
        termMonths: 3,
        repaymentMethod: 'EQUAL_PRINCIPAL',
        idempotencyKey: 'after-freeze',
      },
    );
    expect(r).toMatchObject({ ok: false, errors: [{ code: 'LINE_NOT_ACTIVE' }] });
  });
});
