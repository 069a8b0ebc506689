import { borrowerFactory } from '@lending/borrowers/testing';
import type { Db } from '@lending/db';
import { Money, systemClock, toGlobalId } from '@lending/kernel';
import { drawdown } from '@lending/ledger';
import { creditLineFactory } from '@lending/ledger/testing';

/**
 * `n` borrowers, each with a line and one CNY 10,000.00 loan over six months,
 * drawn through the ledger's own service: loans to repay. Answers their ids.
 */
export async function drawLoans(db: Db, n: number, label: string): Promise<string[]> {
  const loans: string[] = [];
  for (let i = 0; i < n; i++) {
    const b = await borrowerFactory(db, { displayName: `${label} ${i}` });
    const line = await creditLineFactory(db, b.id, { limit: '50000.00' });
    const loan = await drawdown(
      { db, clock: systemClock },
      { id: toGlobalId('Borrower', b.id), borrowerId: b.id },
      {
        creditLineId: line.id,
        amount: Money.parseOrThrow('10000.00', 'CNY'),
        termMonths: 6,
        repaymentMethod: 'EQUAL_PRINCIPAL',
        idempotencyKey: `${label}-loan-${i}`,
      },
    );
    if (!loan.ok) throw new Error(loan.errors[0].code);
    loans.push(loan.value.loanId);
  }
  return loans;
}
