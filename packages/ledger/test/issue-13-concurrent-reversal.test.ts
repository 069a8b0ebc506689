import { sql } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import { borrowerFactory } from '@lending/borrowers/testing';
import { queryRows, type Db } from '@lending/db';
import { BusinessDate, FixedClock, Money, Role, toGlobalId } from '@lending/kernel';
import { dbTest } from '@lending/testing/fixtures';
import { drawdown, makeRepayment, reverseRepayment, trialBalance } from '../src/index.js';
import { closeLedgerThrough, creditLineFactory } from '../src/testing.js';

// Issue 13: two reverseRepayment calls at once for the same repayment. The
// repayment was read before the loan was locked, so the second call, once the
// first had committed, replayed the loan from a repayment it still took for
// live, found nothing left to move, and failed the journal's two-line
// invariant: an internal error. The repayment is now locked first: the second
// call waits, then sees it reversed and answers with the first reversal (the
// idempotent replay, as a sequential second call does).
//
// On PGlite (one connection) the two calls serialise; on PostgreSQL they race.

const test = dbTest.override({ dbOptions: { businessDate: '2026-01-15' } });
const clock = new FixedClock('2026-01-15T09:00:00Z');
const ops = { id: 'ops-1', role: Role.OPS };

async function paidLoan(db: Db, key: string): Promise<{ loanId: string; repaymentId: string }> {
  const borrowerId = (await borrowerFactory(db)).id;
  const lineId = (await creditLineFactory(db, borrowerId, { limit: '5000.00' })).id;
  const borrower = { id: toGlobalId('Borrower', borrowerId), borrowerId };
  const loan = await drawdown({ db, clock }, borrower, {
    creditLineId: lineId,
    amount: Money.parseOrThrow('3000.00', 'CNY'),
    termMonths: 3,
    repaymentMethod: 'EQUAL_PRINCIPAL',
    idempotencyKey: `loan-${key}`,
  });
  if (!loan.ok) throw new Error(loan.errors[0].code);
  const paid = await makeRepayment(
    { db, clock },
    { ...borrower, role: Role.BORROWER },
    {
      loanId: loan.value.loanId,
      amount: Money.parseOrThrow('1045.00', 'CNY'),
      idempotencyKey: `pay-${key}`,
    },
  );
  if (!paid.ok) throw new Error(paid.errors[0].code);
  const [row] = await queryRows<{ id: string }>(
    db,
    sql`select id from repayments where loan_id = ${loan.value.loanId}`,
  );
  return { loanId: loan.value.loanId, repaymentId: row!.id };
}

async function reversals(db: Db, loanId: string) {
  return queryRows<{ id: string }>(
    db,
    sql`select id from journal_entries where loan_id = ${loanId} and kind = 'REVERSAL'`,
  );
}

async function balanced(db: Db): Promise<boolean> {
  const accounts = await trialBalance(db, 'CNY');
  return Money.sum(
    accounts.map((a) => a.debits),
    'CNY',
  ).equals(
    Money.sum(
      accounts.map((a) => a.credits),
      'CNY',
    ),
  );
}

describe('two reversals of one repayment at once', () => {
  test('both answer with the one reversal; it posts once and the journal balances', async ({
    db,
  }) => {
    const { loanId, repaymentId } = await paidLoan(db, 'pair');
    const r = await closeLedgerThrough(db, clock, BusinessDate.parseOrThrow('2026-02-20'));
    if (!r.ok) throw new Error(r.errors[0].code);

    const [first, second] = await Promise.all([
      reverseRepayment({ db, clock }, ops, { repaymentId, reason: 'payment returned' }),
      reverseRepayment({ db, clock }, ops, { repaymentId, reason: 'payment returned' }),
    ]);

    const entries = await reversals(db, loanId);
    expect(entries).toHaveLength(1);
    const expected = { ok: true, value: { loanId, reversalEntryId: entries[0]!.id } };
    expect(first).toEqual(expected);
    expect(second).toEqual(expected);
    expect(await balanced(db)).toBe(true);
  });

  test('five at once, too', async ({ db }) => {
    const { loanId, repaymentId } = await paidLoan(db, 'five');
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        reverseRepayment({ db, clock }, ops, { repaymentId, reason: `attempt ${i}` }),
      ),
    );
    const entries = await reversals(db, loanId);
    expect(entries).toHaveLength(1);
    for (const result of results) {
      expect(result).toEqual({ ok: true, value: { loanId, reversalEntryId: entries[0]!.id } });
    }
    // The reason recorded is the one of the reversal that ran; the others changed nothing.
    const [row] = await queryRows<{ reason: string }>(
      db,
      sql`select reversal_reason as reason from repayments where id = ${repaymentId}`,
    );
    expect(row?.reason).toMatch(/^attempt [0-4]$/);
    expect(await balanced(db)).toBe(true);
  });
});
