import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BusinessDate, Money, Rate } from '@lending/kernel';
import { allocateRepayment, type InstallmentState, type LoanTerms } from './allocation.js';
import { isSettled } from './loan-status.js';
import { buildSchedule, type RepaymentMethod } from './schedule.js';

// 12,000.00 CNY at 18 %, 12 months, equal instalments of 1,100.16, disbursed 2026-01-15.
const terms: LoanTerms = {
  currency: 'CNY',
  principal: 1_200_000n,
  annualRate: Rate.of('0.18'),
  termMonths: 12,
  method: 'EQUAL_INSTALLMENT',
};
const d = (s: string) => BusinessDate.parseOrThrow(s);

function stateOf(t: LoanTerms, accrued: Record<number, bigint> = {}): InstallmentState[] {
  return buildSchedule({
    principal: Money.of(t.principal, t.currency),
    annualRate: t.annualRate,
    termMonths: t.termMonths,
    method: t.method,
    disbursedOn: d('2026-01-15'),
  }).map((row) => ({
    number: row.number,
    dueDate: row.dueDate,
    due: {
      penalty: 0n,
      fees: 0n,
      interest: row.interestDue.minor,
      principal: row.principalDue.minor,
    },
    paid: { penalty: 0n, fees: 0n, interest: 0n, principal: 0n },
    interestAccrued: accrued[row.number] ?? 0n,
  }));
}

const rows = (installments: InstallmentState[]) =>
  installments.map((i) => [
    i.number,
    i.due.principal,
    i.due.interest,
    i.paid.principal,
    i.paid.interest,
  ]);

describe('allocateRepayment', () => {
  it('pays a due instalment exactly: interest then principal, settled', () => {
    const result = allocateRepayment(
      terms,
      stateOf(terms, { 1: 18_000n }),
      d('2026-02-15'),
      110_016n,
    );
    expect(result.paid).toEqual({ penalty: 0n, fees: 0n, interest: 18_000n, principal: 92_016n });
    expect(result.excess).toBe(0n);
    expect(isSettled(result.installments[0]!)).toBe(true);
    expect(result.installments).toHaveLength(12);
  });

  it('runs a partial payment through the waterfall: penalty, then interest, then principal', () => {
    const state = stateOf(terms, { 1: 18_000n });
    state[0]!.due.penalty = 250n; // 2.50 of penalty accrued while overdue
    const result = allocateRepayment(terms, state, d('2026-02-20'), 50_000n);
    expect(result.paid).toEqual({ penalty: 250n, fees: 0n, interest: 18_000n, principal: 31_750n });
    expect(isSettled(result.installments[0]!)).toBe(false);
  });

  it('pays the oldest due instalment first, then the next due one', () => {
    const result = allocateRepayment(
      terms,
      stateOf(terms, { 1: 18_000n, 2: 16_620n }),
      d('2026-03-15'),
      150_000n,
    );
    expect(rows(result.installments).slice(0, 2)).toEqual([
      [1, 92_016n, 18_000n, 92_016n, 18_000n],
      [2, 93_396n, 16_620n, 23_364n, 16_620n],
    ]);
    expect(result.excess).toBe(0n);
  });

  it('prepays principal with what remains and shortens the term, keeping the instalment amount', () => {
    const result = allocateRepayment(
      terms,
      stateOf(terms, { 1: 18_000n }),
      d('2026-02-15'),
      310_016n,
    );
    expect(result.paid).toEqual({ penalty: 0n, fees: 0n, interest: 18_000n, principal: 292_016n });
    expect(rows(result.installments)).toEqual([
      [1, 92_016n, 18_000n, 92_016n, 18_000n],
      [2, 293_396n, 16_620n, 200_000n, 0n],
      [3, 97_797n, 12_219n, 0n, 0n],
      [4, 99_264n, 10_752n, 0n, 0n],
      [5, 100_753n, 9_263n, 0n, 0n],
      [6, 102_264n, 7_752n, 0n, 0n],
      [7, 103_798n, 6_218n, 0n, 0n],
      [8, 105_355n, 4_661n, 0n, 0n],
      [9, 106_936n, 3_080n, 0n, 0n],
      [10, 98_421n, 1_476n, 0n, 0n],
    ]);
    const principals = result.installments.reduce((sum, i) => sum + i.due.principal, 0n);
    expect(principals).toBe(terms.principal);
  });

  it('settles the loan: principal plus the interest accrued to date; beyond that is excess', () => {
    const state = stateOf(terms, { 1: 18_000n, 2: 8_310n });
    Object.assign(state[0]!.paid, { interest: 18_000n, principal: 92_016n });
    const result = allocateRepayment(terms, state, d('2026-03-01'), 1_120_000n);
    // payoff = 11,079.84 principal + 83.10 interest accrued for 14 of 28 days = 11,162.94
    expect(result.paid).toEqual({ penalty: 0n, fees: 0n, interest: 8_310n, principal: 1_107_984n });
    expect(result.excess).toBe(3_706n);
    expect(result.paidOff).toBe(true);
    expect(result.installments[1]!.due.interest).toBe(8_310n);
    expect(result.installments.slice(2).every((i) => i.due.interest === 0n)).toBe(true);
  });

  it('prepays at most the principal left; the rest goes to interest accrued so far (regression)', () => {
    // found by the property below: bullet loan, last period fully accrued, payment = all principal + 0.01
    const bullet: LoanTerms = { ...terms, method: 'INTEREST_ONLY_BULLET' };
    const state = stateOf(bullet).map((i) => ({ ...i, interestAccrued: i.due.interest }));
    const result = allocateRepayment(bullet, state, d('2026-12-15'), 1_398_001n);
    expect(result.paid).toEqual({
      penalty: 0n,
      fees: 0n,
      interest: 198_001n,
      principal: 1_200_000n,
    });
    expect(result.paidOff).toBe(false);
    const last = result.installments.at(-1)!;
    expect([
      last.due.principal,
      last.paid.principal,
      last.due.interest,
      last.paid.interest,
    ]).toEqual([1_200_000n, 1_200_000n, 18_000n, 1n]);
  });

  it('never loses or invents a cent, and principals always sum to the loan', () => {
    const methods: RepaymentMethod[] = [
      'EQUAL_INSTALLMENT',
      'EQUAL_PRINCIPAL',
      'INTEREST_ONLY_BULLET',
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...methods),
        fc.constantFrom(3, 6, 12),
        fc.array(
          fc.tuple(fc.integer({ min: 0, max: 400 }), fc.bigInt({ min: 1n, max: 1_500_000n })),
          { maxLength: 6 },
        ),
        (method, termMonths, payments) => {
          const t: LoanTerms = { ...terms, method, termMonths };
          let state = stateOf(t).map((i) => ({ ...i, interestAccrued: i.due.interest }));
          let day = d('2026-01-15');
          for (const [offset, amount] of payments) {
            day = day.addDays(offset);
            const before = state.reduce((s, i) => s + i.paid.principal + i.paid.interest, 0n);
            const result = allocateRepayment(t, state, day, amount);
            const after = result.installments.reduce(
              (s, i) => s + i.paid.principal + i.paid.interest,
              0n,
            );
            const paidTotal =
              result.paid.principal + result.paid.interest + result.paid.fees + result.paid.penalty;
            expect(paidTotal + result.excess).toBe(amount);
            expect(after - before).toBe(paidTotal);
            expect(result.installments.reduce((s, i) => s + i.due.principal, 0n)).toBe(t.principal);
            for (const i of result.installments) {
              expect(i.paid.principal <= i.due.principal && i.paid.interest <= i.due.interest).toBe(
                true,
              );
            }
            state = result.installments;
            if (result.paidOff) break;
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
