import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import { borrowerFactory } from '@lending/borrowers/testing';
import { getBusinessDate, queryRows, type Db } from '@lending/db';
import { BusinessDate, FixedClock, Money, Role, toGlobalId } from '@lending/kernel';
import { dbTest } from '@lending/testing/fixtures';
import {
  drawdown,
  getCreditLinesByIds,
  getLoansByIds,
  listInstallments,
  loanBalances,
  makeRepayment,
  reverseRepayment,
  type ExcessUse,
  type RepaymentMethod,
} from '../src/index.js';
import { creditLineFactory, closeLedgerThrough } from '../src/testing.js';

// Random sequences of drawdowns, repayments (some replayed with their key),
// reversals and close-of-business days, through the database. After every
// step: the journal balances, each loan's instalment principals and the
// principal its recasts prepaid sum to the loan, its term is its number of
// instalments, the line's availability is its limit less the principal
// outstanding and its credit balance what the journal holds for the borrower,
// no receivable is negative, interest paid ahead is never an asset, and no
// instalment is overpaid. Runs stay under
// 180 days past due, so charge-off (tested on its own) does not apply.

const test = dbTest.override({ dbOptions: { businessDate: '2026-01-15' } });
const clock = new FixedClock('2026-01-15T09:00:00Z');

type Command =
  | { kind: 'drawdown'; amount: bigint; term: 3 | 6 | 12; method: RepaymentMethod }
  | { kind: 'repay'; loan: number; amount: bigint; use: ExcessUse }
  | { kind: 'replay' }
  | { kind: 'reverse'; which: number }
  | { kind: 'cob'; days: number };

const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({
    kind: fc.constant('drawdown' as const),
    amount: fc.bigInt({ min: 100n, max: 400_000n }),
    term: fc.constantFrom(3 as const, 6 as const, 12 as const),
    method: fc.constantFrom<RepaymentMethod>(
      'EQUAL_INSTALLMENT',
      'EQUAL_PRINCIPAL',
      'INTEREST_ONLY_BULLET',
    ),
  }),
  fc.record({
    kind: fc.constant('repay' as const),
    loan: fc.nat(5),
    amount: fc.bigInt({ min: 1n, max: 300_000n }),
    use: fc.constantFrom<ExcessUse>('NEXT_INSTALLMENTS', 'REDUCE_TERM', 'REDUCE_INSTALLMENT'),
  }),
  fc.constant({ kind: 'replay' as const }),
  fc.record({ kind: fc.constant('reverse' as const), which: fc.nat(10) }),
  fc.record({ kind: fc.constant('cob' as const), days: fc.integer({ min: 1, max: 20 }) }),
);

async function checkInvariants(db: Db, lineId: string, loanIds: string[]): Promise<void> {
  const [totals] = await queryRows<{ debits: string; credits: string }>(
    db,
    sql`select coalesce(sum(debit_minor), 0)::text as debits, coalesce(sum(credit_minor), 0)::text as credits from postings`,
  );
  expect(totals!.debits).toBe(totals!.credits);
  const loans = (await getLoansByIds(db, loanIds)).map((l) => l!);
  const balances = await loanBalances(db, loans);
  const schedules = await listInstallments(db, loanIds);
  let outstanding = 0n;
  for (const loan of loans) {
    const b = balances.get(loan.id)!;
    for (const part of [b.principal, b.interest, b.fees, b.penalty])
      expect(part.isNegative()).toBe(false);
    outstanding += b.principal.minor;
    const rows = schedules.get(loan.id)!;
    const [prepaid] = await queryRows<{ minor: string }>(
      db,
      sql`select coalesce(sum(principal_prepaid_minor), 0)::text as minor from repayments
          where loan_id = ${loan.id}::uuid and reversed_at is null`,
    );
    expect(rows.reduce((s, i) => s + i.principalDue.minor, 0n) + BigInt(prepaid!.minor)).toBe(
      loan.principal.minor,
    );
    expect(loan.schedule.termMonths).toBe(rows.length);
    expect(b.interestPaidAhead.isNegative()).toBe(false);
    for (const i of rows)
      expect(
        i.paid.lessThanOrEqual(i.principalDue.add(i.interestDue).add(i.feesDue).add(i.penaltyDue)),
      ).toBe(true);
    expect(loan.status).not.toBe('CHARGED_OFF');
  }
  const [line] = await getCreditLinesByIds(db, [lineId]);
  expect(line!.available.minor).toBe(line!.limit.minor - outstanding);
  const [held] = await queryRows<{ minor: string }>(
    db,
    sql`select coalesce(sum(p.credit_minor - p.debit_minor), 0)::text as minor
        from postings p join loans l on l.id = p.loan_id
        where l.credit_line_id = ${lineId}::uuid and p.account = 'BORROWER_CREDIT'`,
  );
  expect(line!.creditBalance.minor).toBe(BigInt(held!.minor));
}

describe('ledger invariants over random histories', () => {
  test('hold after every step', async ({ db }) => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 12 }), async (commands) => {
        run += 1;
        const borrowerId = (await borrowerFactory(db)).id;
        const lineId = (
          await creditLineFactory(db, borrowerId, { limit: '10000.00', annualRate: '0.18' })
        ).id;
        const borrower = {
          id: toGlobalId('Borrower', borrowerId),
          role: Role.BORROWER,
          borrowerId,
        };
        const loanIds: string[] = [];
        const repaymentEntries: string[] = [];
        let last: {
          key: string;
          loanId: string;
          amount: bigint;
          use: ExcessUse;
          result: unknown;
        } | null = null;
        let daysThisRun = 0;
        for (const [step, c] of commands.entries()) {
          const key = `r${run}-s${step}`;
          if (c.kind === 'drawdown') {
            const r = await drawdown({ db, clock }, borrower, {
              creditLineId: lineId,
              amount: Money.of(c.amount, 'CNY'),
              termMonths: c.term,
              repaymentMethod: c.method,
              idempotencyKey: key,
            });
            if (r.ok) loanIds.push(r.value.loanId);
            else expect(r.errors).toMatchObject([{ code: 'INSUFFICIENT_AVAILABLE' }]);
          } else if (c.kind === 'repay' && loanIds.length > 0) {
            const loanId = loanIds[c.loan % loanIds.length]!;
            const r = await makeRepayment({ db, clock }, borrower, {
              loanId,
              amount: Money.of(c.amount, 'CNY'),
              idempotencyKey: key,
              excessUse: c.use,
            });
            if (r.ok) {
              last = { key, loanId, amount: c.amount, use: c.use, result: r.value.allocation };
              const [row] = await queryRows<{ entry_id: string }>(
                db,
                sql`select entry_id from repayments where loan_id = ${loanId} order by created_at desc, id desc limit 1`,
              );
              repaymentEntries.push(row!.entry_id);
            } else
              expect(['LOAN_PAID_OFF', 'EXCESS_USE_NOT_AVAILABLE']).toContain(r.errors[0].code);
          } else if (c.kind === 'replay' && last) {
            const before = await queryRows<{ n: number }>(
              db,
              sql`select count(*)::int as n from postings`,
            );
            const r = await makeRepayment({ db, clock }, borrower, {
              loanId: last.loanId,
              amount: Money.of(last.amount, 'CNY'),
              idempotencyKey: last.key,
              excessUse: last.use,
            });
            expect(r.ok && r.value.replayed).toBe(true);
            expect(r.ok && r.value.allocation).toEqual(last.result);
            expect(
              await queryRows<{ n: number }>(db, sql`select count(*)::int as n from postings`),
            ).toEqual(before);
          } else if (c.kind === 'reverse' && repaymentEntries.length > 0) {
            const entryId = repaymentEntries[c.which % repaymentEntries.length]!;
            const [row] = await queryRows<{ id: string }>(
              db,
              sql`select id from repayments where entry_id = ${entryId}`,
            );
            const r = await reverseRepayment(
              { db, clock },
              { id: 'ops-1', role: Role.OPS },
              { repaymentId: row!.id, reason: 'property' },
            );
            // Refused only when the credit balance it would take back has paid another loan since.
            if (!r.ok) expect(r.errors[0].code).toBe('CREDIT_BALANCE_USED');
          } else if (c.kind === 'cob' && daysThisRun + c.days < 150) {
            daysThisRun += c.days;
            const today = BusinessDate.parseOrThrow(await getBusinessDate(db));
            const r = await closeLedgerThrough(db, clock, today.addDays(c.days));
            expect(r.ok).toBe(true);
          }
          await checkInvariants(db, lineId, loanIds);
        }
      }),
      { numRuns: 12 },
    );
  }, 240_000);
});
