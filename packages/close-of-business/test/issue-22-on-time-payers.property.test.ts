import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { borrowerFactory } from '@lending/borrowers/testing';
import { queryRows, type Db } from '@lending/db';
import { BusinessDate, FixedClock, Money, Rate, Role, toGlobalId } from '@lending/kernel';
import {
  buildSchedule,
  drawdown,
  getCreditLinesByIds,
  getLoansByIds,
  loanBalances,
  makeRepayment,
  type RepaymentMethod,
} from '@lending/ledger';
import { creditLineFactory } from '@lending/ledger/testing';
import { createTestDb } from '@lending/testing';
import { BusinessCalendarMode, runCloseOfBusiness } from '../src/index.js';

// Issue 22: a borrower who pays every instalment by its due date, in any number of parts and
// however early, is never late. Generated loans (amount, term, method, rate) and generated
// payment timings, through the platform's close of business (ledger, then collections) day by
// day. For each loan: never DELINQUENT, no collection case, no message but pre-due reminders;
// the interest it costs is exactly what accrued until it was paid off (a payoff never charges
// interest after its day), written out below from the schedule and the accrual rule, and what
// was paid beyond principal and that interest is the line's credit balance, exactly.

const SIMULATED = { mode: BusinessCalendarMode.SIMULATED, timeZone: 'Asia/Shanghai' } as const;
const ops = { id: 'ops-1', role: Role.OPS, borrowerId: null };

type Timing =
  /** Each instalment in full on a day of its window [previous due date, its due date]. */
  | { kind: 'in-window'; at: number[] }
  /** Every instalment, each its own payment, on the day of the drawdown. */
  | { kind: 'all-first-day' }
  /** Each instalment in two parts (the first at most half), both in its window. */
  | { kind: 'two-parts'; at: [number, number][]; split: number[] }
  /** Two instalments at once in the window of the first of them, then nothing in the next. */
  | { kind: 'two-ahead'; at: number[] }
  /** The instalments in their windows until instalment `k`, then the payoff amount plus `extra`. */
  | { kind: 'payoff'; at: number[]; k: number; extraMinor: number };

interface LoanSpec {
  amountMinor: number;
  termMonths: 3 | 6;
  method: RepaymentMethod;
  ratePermille: number;
  timing: Timing;
}

const fraction = fc.integer({ min: 0, max: 1000 });
const timing: fc.Arbitrary<Timing> = fc.oneof(
  fc.record({
    kind: fc.constant('in-window' as const),
    at: fc.array(fraction, { minLength: 6, maxLength: 6 }),
  }),
  fc.constant({ kind: 'all-first-day' as const }),
  fc.record({
    kind: fc.constant('two-parts' as const),
    at: fc.array(fc.tuple(fraction, fraction), { minLength: 6, maxLength: 6 }),
    split: fc.array(fc.integer({ min: 1, max: 500 }), { minLength: 6, maxLength: 6 }),
  }),
  fc.record({
    kind: fc.constant('two-ahead' as const),
    at: fc.array(fraction, { minLength: 6, maxLength: 6 }),
  }),
  fc.record({
    kind: fc.constant('payoff' as const),
    at: fc.array(fraction, { minLength: 6, maxLength: 6 }),
    k: fc.integer({ min: 0, max: 5 }),
    extraMinor: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 50_000 })),
  }),
);
const loanSpec: fc.Arbitrary<LoanSpec> = fc.record({
  amountMinor: fc.integer({ min: 10_000, max: 2_000_000 }),
  termMonths: fc.constantFrom(3 as const, 6 as const),
  method: fc.constantFrom<RepaymentMethod>(
    'EQUAL_INSTALLMENT',
    'EQUAL_PRINCIPAL',
    'INTEREST_ONLY_BULLET',
  ),
  ratePermille: fc.integer({ min: 0, max: 240 }),
  timing,
});

/** round(n / d) half-even, for non-negative bigints: the accrual's rounding, written again. */
function halfEven(n: bigint, d: bigint): bigint {
  const q = n / d;
  const r = n % d;
  if (2n * r > d) return q + 1n;
  if (2n * r < d) return q;
  return q % 2n === 0n ? q : q + 1n;
}

interface Row {
  start: BusinessDate;
  due: BusinessDate;
  principal: bigint;
  interest: bigint;
}

/** Payments of a timing: [day, amount] in order; `null` amount is "the payoff amount then, plus extra". */
function plan(
  spec: LoanSpec,
  rows: Row[],
): { day: BusinessDate; amount: bigint | null; extra: bigint }[] {
  const within = (row: Row, permille: number) =>
    row.start.addDays(Math.floor((BusinessDate.daysBetween(row.start, row.due) * permille) / 1000));
  const total = (row: Row) => row.principal + row.interest;
  const t = spec.timing;
  const out: { day: BusinessDate; amount: bigint | null; extra: bigint }[] = [];
  switch (t.kind) {
    case 'in-window':
      rows.forEach((row, k) =>
        out.push({ day: within(row, t.at[k]!), amount: total(row), extra: 0n }),
      );
      break;
    case 'all-first-day':
      rows.forEach((row) => out.push({ day: rows[0]!.start, amount: total(row), extra: 0n }));
      break;
    case 'two-parts':
      rows.forEach((row, k) => {
        if (total(row) === 0n) return;
        const [a, b] = t.at[k]!;
        const first = (total(row) * BigInt(t.split[k]!)) / 1000n || 1n;
        const [early, late] = a <= b ? [a, b] : [b, a];
        out.push({ day: within(row, early), amount: first, extra: 0n });
        out.push({ day: within(row, late), amount: total(row) - first, extra: 0n });
      });
      break;
    case 'two-ahead':
      for (let k = 0; k < rows.length; k += 2) {
        const pair = rows.slice(k, k + 2);
        out.push({
          day: within(rows[k]!, t.at[k]!),
          amount: pair.reduce((s, r) => s + total(r), 0n),
          extra: 0n,
        });
      }
      break;
    case 'payoff': {
      const k = Math.min(t.k, rows.length - 1);
      rows
        .slice(0, k)
        .forEach((row, j) =>
          out.push({ day: within(row, t.at[j]!), amount: total(row), extra: 0n }),
        );
      const last = out.at(-1)?.day ?? rows[0]!.start;
      const day = within(rows[k]!, t.at[k]!);
      out.push({ day: day.isBefore(last) ? last : day, amount: null, extra: BigInt(t.extraMinor) });
      break;
    }
  }
  // An interest-free bullet loan's early instalments ask for nothing: there is nothing to pay.
  return out.filter((p) => p.amount !== 0n);
}

/**
 * What the loan costs in interest if it is settled on `payoffDay` (the day of its last payment):
 * every period that has ended in full, and of the period under way what close of business has
 * accrued by then, round(I x d / D); nothing of the periods after.
 */
function interestUntil(rows: Row[], payoffDay: BusinessDate): bigint {
  let total = 0n;
  for (const row of rows) {
    if (!row.due.isAfter(payoffDay)) total += row.interest;
    else if (row.start.isBefore(payoffDay)) {
      const d = BigInt(BusinessDate.daysBetween(row.start, payoffDay));
      const span = BigInt(BusinessDate.daysBetween(row.start, row.due));
      total += halfEven(row.interest * d, span);
    }
  }
  return total;
}

async function runTimeline(db: Db, clock: FixedClock, start: BusinessDate, specs: LoanSpec[]) {
  const loans = [];
  for (const [n, spec] of specs.entries()) {
    const borrower = await borrowerFactory(db, { timeZone: 'Asia/Shanghai' });
    const rate = (spec.ratePermille / 1000).toString();
    const line = await creditLineFactory(db, borrower.id, { limit: '50000.00', annualRate: rate });
    const amount = Money.of(BigInt(spec.amountMinor), 'CNY');
    const drawn = await drawdown(
      { db, clock },
      { id: toGlobalId('Borrower', borrower.id), borrowerId: borrower.id },
      {
        creditLineId: line.id,
        amount,
        termMonths: spec.termMonths,
        repaymentMethod: spec.method,
        idempotencyKey: `p-${n}`,
      },
    );
    if (!drawn.ok) throw new Error(drawn.errors[0].code);
    const schedule = buildSchedule({
      principal: amount,
      annualRate: Rate.of(rate),
      termMonths: spec.termMonths,
      method: spec.method,
      disbursedOn: start,
    });
    const rows: Row[] = schedule.map((r, i) => ({
      start: i === 0 ? start : schedule[i - 1]!.dueDate,
      due: r.dueDate,
      principal: r.principalDue.minor,
      interest: r.interestDue.minor,
    }));
    loans.push({
      spec,
      rows,
      loanId: drawn.value.loanId,
      lineId: line.id,
      borrowerId: borrower.id,
      payments: plan(spec, rows),
      paid: [] as { day: BusinessDate; amount: bigint }[],
    });
  }
  const end = loans
    .reduce((e, l) => (l.rows.at(-1)!.due.isAfter(e) ? l.rows.at(-1)!.due : e), start)
    .addDays(2);
  const ids = loans.map((l) => l.loanId);
  for (let day = start; ; day = day.addDays(1)) {
    for (const loan of loans) {
      for (const [n, p] of loan.payments.entries()) {
        if (!p.day.equals(day)) continue;
        let amount = p.amount;
        if (amount === null) {
          const [row] = await getLoansByIds(db, [loan.loanId]);
          amount = (await loanBalances(db, [row!])).get(loan.loanId)!.payoff.minor + p.extra;
        }
        const r = await makeRepayment({ db, clock }, ops, {
          loanId: loan.loanId,
          amount: Money.of(amount, 'CNY'),
          idempotencyKey: `${loan.loanId}-${n}`,
        });
        if (!r.ok) throw new Error(`${r.errors[0].code} paying ${amount} on ${day.toString()}`);
        loan.paid.push({ day, amount });
      }
    }
    if (!day.isBefore(end)) break;
    const next = day.addDays(1);
    clock.set(new Date(`${next.toString()}T00:05:00Z`));
    const closed = await runCloseOfBusiness(db, clock, next, { calendar: SIMULATED });
    if (!closed.ok) throw new Error(closed.errors[0].code);
    const [late] = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from loans where id = any(${`{${ids.join(',')}}`}::uuid[]) and status <> 'ACTIVE' and status <> 'PAID_OFF'`,
    );
    expect(late!.n, `a loan fell behind on ${next.toString()}`).toBe(0);
  }
  return loans;
}

describe('a borrower who pays on time is never late (generated loans and timings)', () => {
  it('never DELINQUENT, no case, only pre-due reminders; interest and credit balance exact', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('2026-01-31', '2026-03-15', '2026-11-30'),
        fc.array(loanSpec, { minLength: 8, maxLength: 12 }),
        async (startDate, specs) => {
          const start = BusinessDate.parseOrThrow(startDate);
          const clock = new FixedClock(`${startDate}T09:00:00Z`);
          await using handle = await createTestDb({ businessDate: startDate, now: clock.now() });
          const loans = await runTimeline(handle.db, clock, start, specs);
          for (const loan of loans) {
            const [row] = await getLoansByIds(handle.db, [loan.loanId]);
            expect(row!.status).toBe('PAID_OFF');
            const paidOn = loan.paid.at(-1)!.day;
            const interest = interestUntil(loan.rows, paidOn);
            const principal = loan.rows.reduce((s, r) => s + r.principal, 0n);
            const payments = loan.paid.reduce((s, p) => s + p.amount, 0n);
            const [income] = await queryRows<{ interest: string }>(
              handle.db,
              sql`select coalesce(sum(credit_minor - debit_minor), 0)::text as interest from postings
                  where loan_id = ${loan.loanId}::uuid and account = 'INTEREST_INCOME'`,
            );
            expect(BigInt(income!.interest)).toBe(interest);
            const [line] = await getCreditLinesByIds(handle.db, [loan.lineId]);
            expect(line!.creditBalance.minor).toBe(payments - principal - interest);
            if (loan.spec.timing.kind === 'payoff')
              expect(line!.creditBalance.minor).toBe(BigInt(loan.spec.timing.extraMinor));
            else
              // Every instalment paid as the schedule says: the payments are its total exactly.
              expect(payments).toBe(loan.rows.reduce((s, r) => s + r.principal + r.interest, 0n));
            const [cases] = await queryRows<{ n: number }>(
              handle.db,
              sql`select count(*)::int as n from collection_cases where loan_id = ${loan.loanId}::uuid`,
            );
            expect(cases!.n).toBe(0);
            const messages = await queryRows<{ template: string; not_before: string }>(
              handle.db,
              sql`select template, not_before::text from outbound_messages where borrower_id = ${loan.borrowerId}::uuid`,
            );
            expect(messages.every((m) => m.template === 'PAYMENT_REMINDER')).toBe(true);
          }
        },
      ),
      // One timeline per run: close of business is set-based, so more loans in it cost little
      // while every simulated day costs the same; a second run doubled the time for no more kinds.
      // No shrinking: each run simulates months of close of business, so shrinking a failure
      // would outlast the timeout and hide the counterexample; it is printed as found, with
      // the seed to replay it.
      { numRuns: 1, endOnFailure: true },
    );
  }, 600_000);
});
