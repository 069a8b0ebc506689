import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BusinessDate, Money, Rate } from '@lending/kernel';
import {
  allocateRepayment,
  ExcessUse,
  type Allocation,
  type InstallmentState,
  type LoanTerms,
} from './allocation.js';
import { isSettled } from './loan-status.js';
import { buildSchedule, type RepaymentMethod } from './schedule.js';

// Expected figures of the recasts come from test/model/repayment_model.py, an independent model.

// 12,000.00 CNY at 18 %, 12 months, equal instalments of 1,100.16, disbursed 2026-01-15.
type Terms = LoanTerms & { readonly principal: bigint; readonly termMonths: number };
const terms: Terms = {
  currency: 'CNY',
  principal: 1_200_000n,
  annualRate: Rate.of('0.18'),
  termMonths: 12,
  method: 'EQUAL_INSTALLMENT',
};
const d = (s: string) => BusinessDate.parseOrThrow(s);

function stateOf(t: Terms, accrued: Record<number, bigint> = {}): InstallmentState[] {
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

  it('a recast prepays at most the principal left; the rest goes to the current interest (regression)', () => {
    // found by the property below: bullet loan, last period fully accrued, payment = all principal + 0.01
    const bullet: Terms = { ...terms, method: 'INTEREST_ONLY_BULLET' };
    const state = stateOf(bullet).map((i) => ({ ...i, interestAccrued: i.due.interest }));
    const result = allocateRepayment(
      bullet,
      state,
      d('2026-12-15'),
      1_398_001n,
      ExcessUse.REDUCE_INSTALLMENT,
    );
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
    ]).toEqual([0n, 0n, 18_000n, 1n]);
    expect(result.principalPrepaid).toBe(1_200_000n);
  });
});

// CNY 1,200.00 at 9.9 % over 6 months, equal instalments, disbursed 2026-12-07 (the loan):
// 205.81 a month (195.91 + 9.90 first), 205.82 last; 1,234.87 in all, 34.87 of it interest.
const small: Terms = {
  currency: 'CNY',
  principal: 120_000n,
  annualRate: Rate.of('0.099'),
  termMonths: 6,
  method: 'EQUAL_INSTALLMENT',
};
function smallState(): InstallmentState[] {
  return buildSchedule({
    principal: Money.of(small.principal, 'CNY'),
    annualRate: small.annualRate,
    termMonths: 6,
    method: 'EQUAL_INSTALLMENT',
    disbursedOn: d('2026-12-07'),
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
    interestAccrued: 0n,
  }));
}
const table = (a: Allocation) =>
  a.installments.map((i) => [
    i.number,
    i.due.principal,
    i.due.interest,
    i.paid.principal + i.paid.interest + i.paid.fees + i.paid.penalty,
  ]);

describe('money beyond what is due: NEXT_INSTALLMENTS (the default)', () => {
  it('pays the first instalment in full on the day of the drawdown; the schedule stays', () => {
    const result = allocateRepayment(small, smallState(), d('2026-12-07'), 20_581n);
    // Nothing has accrued yet: the 9.90 of interest is paid ahead of its period.
    expect(result.paid).toEqual({ penalty: 0n, fees: 0n, interest: 0n, principal: 19_591n });
    expect(result.interestPaidAhead).toBe(990n);
    expect(result.excess).toBe(0n);
    expect(table(result)).toEqual([
      [1, 19_591n, 990n, 20_581n],
      [2, 19_753n, 828n, 0n],
      [3, 19_916n, 665n, 0n],
      [4, 20_080n, 501n, 0n],
      [5, 20_246n, 335n, 0n],
      [6, 20_414n, 168n, 0n],
    ]);
    expect(isSettled(result.installments[0]!)).toBe(true);
    expect(result.paidOff).toBe(false);
  });

  it('pays two months ahead, and a part of the third, each through the waterfall', () => {
    const result = allocateRepayment(small, smallState(), d('2026-12-20'), 50_000n);
    // 205.81 + 205.81, then 88.38 of the third: its 6.65 interest, 81.73 of principal
    expect(table(result).slice(0, 4)).toEqual([
      [1, 19_591n, 990n, 20_581n],
      [2, 19_753n, 828n, 20_581n],
      [3, 19_916n, 665n, 8_838n],
      [4, 20_080n, 501n, 0n],
    ]);
    expect(result.paid.principal).toBe(19_591n + 19_753n + 8_173n);
    expect(result.interestPaidAhead).toBe(990n + 828n + 665n);
  });

  it('a month in two parts: 100.00 then 105.81 leaves the first instalment paid, nothing else', () => {
    const first = allocateRepayment(small, smallState(), d('2026-12-10'), 10_000n);
    expect(table(first)[0]).toEqual([1, 19_591n, 990n, 10_000n]);
    const second = allocateRepayment(small, first.installments, d('2026-12-28'), 10_581n);
    expect(table(second).slice(0, 2)).toEqual([
      [1, 19_591n, 990n, 20_581n],
      [2, 19_753n, 828n, 0n],
    ]);
  });

  it('interest already accrued is a receivable; only the rest is paid ahead', () => {
    const state = smallState();
    state[0]!.interestAccrued = 320n; // 10 of 31 days of 9.90
    const result = allocateRepayment(small, state, d('2026-12-17'), 20_581n);
    expect(result.paid.interest).toBe(320n);
    expect(result.interestPaidAhead).toBe(670n);
  });
});

describe('the payoff', () => {
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

  it('every instalment paid on the first day: the last payment pays off, the unearned interest is returned', () => {
    let state = smallState();
    const amounts = [20_581n, 20_581n, 20_581n, 20_581n, 20_581n, 20_582n];
    let last: Allocation | null = null;
    for (const amount of amounts) {
      last = allocateRepayment(small, state, d('2026-12-07'), amount);
      state = last.installments;
    }
    // The sixth payment (205.82) meets a payoff of 204.14 of principal with 27.47 of interest paid
    // ahead on instalments 1-5, none of it earned on the day of the drawdown: 1,200.00 is all the
    // loan costs, and the 34.87 of interest paid comes back as the credit balance.
    expect(last!.paidOff).toBe(true);
    expect(last!.paid).toEqual({ penalty: 0n, fees: 0n, interest: 0n, principal: 20_414n });
    expect(last!.interestReleased).toBe(990n + 828n + 665n + 501n + 335n);
    expect(last!.excess).toBe(3_487n);
    expect(state.every((i) => i.due.interest === 0n && i.paid.interest === 0n)).toBe(true);
  });

  it('the payoff amount early: interest to that day only', () => {
    const state = smallState();
    state[0]!.interestAccrued = 320n;
    const result = allocateRepayment(small, state, d('2026-12-17'), 120_320n);
    expect(result.paidOff).toBe(true);
    expect(result.paid).toEqual({ penalty: 0n, fees: 0n, interest: 320n, principal: 120_000n });
    expect(result.excess).toBe(0n);
  });
});

describe('money beyond what is due: a recast', () => {
  const afterFirst = () => {
    const state = stateOf(terms, { 1: 18_000n });
    return state;
  };

  it('REDUCE_TERM keeps the instalment and drops rows; the prepaid principal leaves the schedule', () => {
    const result = allocateRepayment(
      terms,
      afterFirst(),
      d('2026-02-15'),
      310_016n,
      ExcessUse.REDUCE_TERM,
    );
    expect(result.paid).toEqual({ penalty: 0n, fees: 0n, interest: 18_000n, principal: 292_016n });
    expect(result.principalPrepaid).toBe(200_000n);
    expect(rows(result.installments)).toEqual([
      [1, 92_016n, 18_000n, 92_016n, 18_000n],
      [2, 93_396n, 16_620n, 0n, 0n],
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
    expect(principals + result.principalPrepaid).toBe(terms.principal);
  });

  it('REDUCE_INSTALLMENT keeps the term and lowers every instalment', () => {
    const result = allocateRepayment(
      terms,
      afterFirst(),
      d('2026-02-15'),
      310_016n,
      ExcessUse.REDUCE_INSTALLMENT,
    );
    expect(result.principalPrepaid).toBe(200_000n);
    expect(rows(result.installments).slice(1)).toEqual([
      [2, 76_537n, 16_620n, 0n, 0n],
      [3, 77_685n, 12_472n, 0n, 0n],
      [4, 78_851n, 11_306n, 0n, 0n],
      [5, 80_033n, 10_124n, 0n, 0n],
      [6, 81_234n, 8_923n, 0n, 0n],
      [7, 82_452n, 7_705n, 0n, 0n],
      [8, 83_689n, 6_468n, 0n, 0n],
      [9, 84_944n, 5_213n, 0n, 0n],
      [10, 86_219n, 3_938n, 0n, 0n],
      [11, 87_512n, 2_645n, 0n, 0n],
      [12, 88_828n, 1_332n, 0n, 0n],
    ]);
  });

  it('equal principal: REDUCE_INSTALLMENT spreads the balance, REDUCE_TERM drops the last row', () => {
    const ep: Terms = { ...terms, principal: 300_000n, termMonths: 3, method: 'EQUAL_PRINCIPAL' };
    const reduce = (use: ExcessUse) =>
      rows(allocateRepayment(ep, stateOf(ep), d('2026-01-20'), 100_000n, use).installments);
    expect(reduce(ExcessUse.REDUCE_INSTALLMENT)).toEqual([
      [1, 66_667n, 4_500n, 0n, 0n],
      [2, 66_667n, 2_000n, 0n, 0n],
      [3, 66_666n, 1_000n, 0n, 0n],
    ]);
    expect(reduce(ExcessUse.REDUCE_TERM)).toEqual([
      [1, 100_000n, 4_500n, 0n, 0n],
      [2, 100_000n, 1_500n, 0n, 0n],
    ]);
  });

  it('an interest-only loan: REDUCE_INSTALLMENT lowers the interest of the coming periods', () => {
    const bullet: Terms = { ...terms, method: 'INTEREST_ONLY_BULLET' };
    const result = allocateRepayment(
      bullet,
      stateOf(bullet),
      d('2026-01-20'),
      200_000n,
      ExcessUse.REDUCE_INSTALLMENT,
    );
    const r = rows(result.installments);
    expect(r.slice(0, 3)).toEqual([
      [1, 0n, 18_000n, 0n, 0n],
      [2, 0n, 15_000n, 0n, 0n],
      [3, 0n, 15_000n, 0n, 0n],
    ]);
    expect(r.at(-1)).toEqual([12, 1_000_000n, 15_000n, 0n, 0n]);
  });

  it('counts what was paid ahead towards principal: interest of later periods included', () => {
    // Two instalments paid ahead on 2026-12-07, then 300.00 to reduce the term on 12-10.
    const ahead = allocateRepayment(small, smallState(), d('2026-12-07'), 41_162n);
    const result = allocateRepayment(
      small,
      ahead.installments,
      d('2026-12-10'),
      30_000n,
      ExcessUse.REDUCE_TERM,
    );
    // principal left 1,200.00 - 393.44 = 806.56; 300.00 new money and the 8.28 of instalment 2's
    // interest paid ahead take it to 498.28; instalment 1 keeps its 9.90 of interest, paid.
    expect(result.interestReleased).toBe(828n);
    expect(result.paid.principal).toBe(30_000n + 828n);
    expect(result.principalPrepaid).toBe(19_591n + 19_753n + 30_000n + 828n);
    const principals = result.installments.reduce((sum, i) => sum + i.due.principal, 0n);
    expect(principals).toBe(120_000n - result.principalPrepaid);
    expect(result.installments[0]!.paid.interest).toBe(990n);
    expect(result.installments[0]!.paid.principal).toBe(0n);
  });
});

describe('any payments, any use', () => {
  it('never loses or invents a cent; principals and prepayments sum to the loan; nothing is overpaid', () => {
    const methods: RepaymentMethod[] = [
      'EQUAL_INSTALLMENT',
      'EQUAL_PRINCIPAL',
      'INTEREST_ONLY_BULLET',
    ];
    const uses = Object.values(ExcessUse);
    fc.assert(
      fc.property(
        fc.constantFrom(...methods),
        fc.constantFrom(3, 6, 12),
        fc.array(
          fc.tuple(
            fc.integer({ min: 0, max: 400 }),
            fc.bigInt({ min: 1n, max: 1_500_000n }),
            fc.constantFrom(...uses),
          ),
          { maxLength: 6 },
        ),
        (method, termMonths, payments) => {
          const t: Terms = { ...terms, method, termMonths };
          let state = stateOf(t);
          let day = d('2026-01-15');
          let prepaid = 0n;
          for (const [offset, amount, use] of payments) {
            day = day.addDays(offset);
            // Interest accrued: whole for periods ended, none for those not begun (as close of business leaves it).
            state = state.map((i) => ({
              ...i,
              interestAccrued: i.dueDate.isAfter(day) ? i.interestAccrued : i.due.interest,
            }));
            const before = state.reduce(
              (s, i) => s + i.paid.principal + i.paid.interest + i.paid.fees + i.paid.penalty,
              0n,
            );
            const result = allocateRepayment(t, state, day, amount, use);
            const after = result.installments.reduce(
              (s, i) => s + i.paid.principal + i.paid.interest + i.paid.fees + i.paid.penalty,
              0n,
            );
            const credited =
              result.paid.principal +
              result.paid.interest +
              result.paid.fees +
              result.paid.penalty +
              result.interestPaidAhead;
            expect(credited + result.excess).toBe(amount + result.interestReleased);
            // What the rows gained is what was credited, less what left them: principal a recast
            // took off the schedule, and interest paid ahead that became unearned.
            expect(after - before).toBe(
              credited - result.principalPrepaid - result.interestReleased,
            );
            prepaid += result.principalPrepaid;
            expect(result.installments.reduce((s, i) => s + i.due.principal, 0n) + prepaid).toBe(
              t.principal,
            );
            for (const i of result.installments) {
              expect(
                i.paid.principal <= i.due.principal &&
                  i.paid.interest <= i.due.interest &&
                  i.paid.fees <= i.due.fees &&
                  i.paid.penalty <= i.due.penalty,
              ).toBe(true);
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
