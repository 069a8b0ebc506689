import { sql } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import { borrowerFactory } from '@lending/borrowers/testing';
import { queryRows, withTransaction, type Db } from '@lending/db';
import { BusinessDate, FixedClock, Money, Role, toGlobalId } from '@lending/kernel';
import { dbTest } from '@lending/testing/fixtures';
import { Account, EntryKind } from '../src/accounts.js';
import { drawdown, makeRepayment, postEntry, reverseRepayment } from '../src/index.js';
import { creditLineFactory } from '../src/testing.js';

// Issue 13: the reversal reason becomes the REVERSAL entry's memo, which is
// append-only and shown in the clear: a phone number or e-mail in it could
// never be taken back out.

const test = dbTest.override({ dbOptions: { businessDate: '2026-01-15' } });
const clock = new FixedClock('2026-01-15T09:00:00Z');
const ops = { id: 'ops-1', role: Role.OPS };

async function repaidLoan(db: Db) {
  const borrowerId = (await borrowerFactory(db)).id;
  const borrower = { id: toGlobalId('Borrower', borrowerId), borrowerId };
  const lineId = (await creditLineFactory(db, borrowerId, { limit: '5000.00' })).id;
  const key = `k-${Math.random()}`;
  const loan = await drawdown({ db, clock }, borrower, {
    creditLineId: lineId,
    amount: Money.parseOrThrow('1000.00', 'CNY'),
    termMonths: 3,
    repaymentMethod: 'EQUAL_PRINCIPAL',
    idempotencyKey: key,
  });
  if (!loan.ok) throw new Error(loan.errors[0].code);
  const paid = await makeRepayment(
    { db, clock },
    { ...borrower, role: Role.BORROWER },
    { loanId: loan.value.loanId, amount: Money.parseOrThrow('100.00', 'CNY'), idempotencyKey: key },
  );
  if (!paid.ok) throw new Error(paid.errors[0].code);
  const [row] = await queryRows<{ id: string }>(
    db,
    sql`select id from repayments where loan_id = ${loan.value.loanId}`,
  );
  return { borrowerId, loanId: loan.value.loanId, repaymentId: row!.id };
}

const memos = (db: Db, loanId: string) =>
  queryRows<{ memo: string | null }>(
    db,
    sql`select memo from journal_entries where loan_id = ${loanId} and kind = 'REVERSAL'`,
  );

describe('reverseRepayment refuses contact data in the reason', () => {
  test.for([
    'Bounced, borrower says call +86 138 0013 8000',
    'Bounced; bank contact 13800138000',
    'Bank asked to call back on (212) 555-0100',
    'Chargeback, dispute desk +1-212-555-0100',
    'Chargeback notice from disputes@bank.example.com',
  ])('%j', async (reason, { db }) => {
    const { loanId, repaymentId } = await repaidLoan(db);
    const result = await reverseRepayment({ db, clock }, ops, { repaymentId, reason });
    expect(result).toMatchObject({
      ok: false,
      errors: [{ code: 'CONTACT_DATA_IN_TEXT', field: ['reason'] }],
    });
    if (!result.ok) expect(result.errors[0].message).not.toMatch(/138|555|example/);
    expect(await memos(db, loanId)).toEqual([]);
  });

  test('accepts an ordinary reason with an amount, a date, a count and the loan id', async ({
    db,
  }) => {
    const { loanId, repaymentId } = await repaidLoan(db);
    const reason = `Bank returned CNY 100.00 on 2026-01-15 (2nd attempt), loan ${loanId}`;
    const result = await reverseRepayment({ db, clock }, ops, { repaymentId, reason });
    expect(result.ok).toBe(true);
    expect(await memos(db, loanId)).toEqual([{ memo: reason }]);
  });
});

describe('postEntry', () => {
  test('refuses a memo that carries contact data, whoever calls it, and writes nothing', async ({
    db,
  }) => {
    const { borrowerId, loanId } = await repaidLoan(db);
    const cash = Money.parseOrThrow('1.00', 'CNY');
    const entry = (memo: string) => ({
      borrowerId,
      loanId,
      kind: EntryKind.REVERSAL,
      businessDate: BusinessDate.parseOrThrow('2026-01-15'),
      createdAt: clock.now(),
      memo,
      lines: [
        { account: Account.CASH, debit: cash },
        { account: Account.SUSPENSE, credit: cash },
      ],
    });
    await expect(
      withTransaction(db, (tx) => postEntry(tx, entry('call 13800138000'))),
    ).rejects.toThrow('a journal memo must not carry contact data');
    expect(await memos(db, loanId)).toEqual([]);
  });
});
