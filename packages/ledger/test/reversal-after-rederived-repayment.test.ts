import { expect } from 'vitest';
import { borrowerFixtures } from '@lending/borrowers/testing';
import { FixedClock, Money, Role, toGlobalId } from '@lending/kernel';
import { dbTest } from '@lending/testing/fixtures';
import { drawdown, getCreditLinesByIds, makeRepayment, reverseRepayment } from '../src/index.js';
import { creditLineFactory } from '../src/testing.js';
import { findRepaymentByEntry } from '../src/reversal.service.js';
import { queryRows } from '@lending/db';
import { sql } from 'drizzle-orm';

// Found by the ledger property test in CI: reversing two repayments in turn
// left the line 0.01 short, because the second reversal trusted the stored
// allocation of a repayment the first reversal had re-derived.
const test = dbTest
  .override({ dbOptions: { businessDate: '2026-01-15' } })
  .extend(borrowerFixtures);

test('restores the full availability after reversing every repayment', async ({ db, borrower }) => {
  const clock = new FixedClock('2026-01-15T09:00:00Z');
  const borrowerId = borrower.id;
  const line = await creditLineFactory(db, borrowerId, { limit: '10000.00' });
  const actor = { id: toGlobalId('Borrower', borrowerId), role: Role.BORROWER, borrowerId };
  const loan = await drawdown({ db, clock }, actor, {
    creditLineId: line.id,
    amount: Money.parseOrThrow('1.00', 'CNY'),
    termMonths: 3,
    repaymentMethod: 'EQUAL_INSTALLMENT',
    idempotencyKey: 'd',
  });
  if (!loan.ok) throw new Error(loan.errors[0].code);
  for (const [key, amount] of [
    ['a', '0.01'],
    ['b', '1.00'],
  ] as const) {
    const r = await makeRepayment({ db, clock }, actor, {
      loanId: loan.value.loanId,
      amount: Money.parseOrThrow(amount, 'CNY'),
      idempotencyKey: key,
    });
    if (!r.ok) throw new Error(r.errors[0].code);
  }
  const entries = await queryRows<{ entry_id: string }>(
    db,
    sql`select entry_id from repayments where loan_id = ${loan.value.loanId} order by created_at, id`,
  );
  for (const { entry_id } of entries) {
    const repayment = await findRepaymentByEntry(db, entry_id);
    const r = await reverseRepayment(
      { db, clock },
      { id: 'ops-1', role: Role.OPS },
      { repaymentId: repayment!.id, reason: 'bounced' },
    );
    expect(r.ok).toBe(true);
  }
  const [after] = await getCreditLinesByIds(db, [line.id]);
  expect(after!.available.format()).toBe('9999.00');
});
