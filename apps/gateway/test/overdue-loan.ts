import { and, eq } from 'drizzle-orm';
import { Money, toGlobalId, unwrap, type Clock } from '@lending/kernel';
import { drawdown } from '@lending/ledger';
import { installmentsTable, loansTable } from '@lending/ledger/schema';
import { creditLineFactory } from '@lending/ledger/testing';
import type { TestDb } from '@lending/testing';

let sequence = 0;

/**
 * A loan with something overdue, for a file that keeps the test gateway's
 * business date (2026-01-15) instead of walking close of business: 1,000.00
 * CNY drawn today over 3 months, its first instalment then moved back to
 * fall due on 2026-01-05, unpaid, and the loan DELINQUENT 10 days past due —
 * what close of business would have left there, written directly.
 * Collections refuses any contact about a loan with nothing overdue, so a
 * case a collector works must stand on a loan like this one.
 */
export async function overdueLoan(
  t: { readonly db: TestDb; readonly clock: Clock },
  borrowerId: string,
): Promise<string> {
  const line = await creditLineFactory(t.db.db, borrowerId, { limit: '5000.00' }, t.clock);
  const { loanId } = unwrap(
    await drawdown(
      { db: t.db.db, clock: t.clock },
      { id: toGlobalId('Borrower', borrowerId), borrowerId },
      {
        creditLineId: line.id,
        amount: Money.parseOrThrow('1000.00', 'CNY'),
        termMonths: 3,
        repaymentMethod: 'EQUAL_PRINCIPAL',
        idempotencyKey: `overdue-loan-${++sequence}`,
      },
    ),
  );
  await t.db.db
    .update(installmentsTable)
    .set({ dueDate: '2026-01-05', status: 'OVERDUE' })
    .where(and(eq(installmentsTable.loanId, loanId), eq(installmentsTable.number, 1)));
  await t.db.db
    .update(loansTable)
    .set({ status: 'DELINQUENT', daysPastDue: 10 })
    .where(eq(loansTable.id, loanId));
  return loanId;
}
