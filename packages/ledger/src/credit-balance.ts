import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '@lending/db';
import type { BusinessDate } from '@lending/kernel';
import { ExcessUse } from './allocation.js';
import type { LoanBatch } from './loan-batch.js';
import { InstallmentStatus, LIVE_LOAN_STATUSES_SQL, type LoanStatus } from './loan-status.js';
import { getLoansByIds } from './loan.service.js';
import { applyRepayment } from './repayment.service.js';
import { RepaymentSource } from './repayment.statements.js';

/** Who a repayment from the credit balance names as having received it. */
export const CREDIT_BALANCE_ACTOR = 'close-of-business';

/**
 * Close of business, after the day's statuses: a line's credit balance pays
 * the amounts due on its loans before anything else does. For every loan of
 * the batch with something due and unpaid by `day` on a line that holds a
 * credit balance, the balance (up to what is due) is taken as a repayment
 * (Dr BORROWER_CREDIT; source CREDIT_BALANCE), allocated by the same
 * waterfall, oldest instalment first. Lines with a credit balance are rare
 * (a loan paid beyond its payoff), so the loans are found in one statement
 * and paid one at a time, each line locked while its balance is used.
 */
export async function useCreditBalances(
  tx: Db,
  day: BusinessDate,
  now: Date,
  batch: LoanBatch,
): Promise<void> {
  const due = await queryRows<{ id: string; due_minor: string }>(
    tx,
    sql`select l.id, sum((i.principal_due_minor - i.principal_paid_minor) + (i.interest_due_minor - i.interest_paid_minor)
          + (i.fees_due_minor - i.fees_paid_minor) + (i.penalty_due_minor - i.penalty_paid_minor))::text as due_minor
        from ${batch.loans('l')}
        join credit_lines cl on cl.id = l.credit_line_id
        join installments i on i.loan_id = l.id
        where cl.credit_balance_minor > 0 and l.status in ${LIVE_LOAN_STATUSES_SQL}
          and i.due_date <= ${day.toString()}::date and i.status <> ${InstallmentStatus.PAID}
        group by l.id order by l.id`,
  );
  if (due.length === 0) return;
  const loans = await getLoansByIds(
    tx,
    due.map((d) => d.id),
  );
  for (const [n, loan] of loans.entries()) {
    if (!loan) continue;
    const [line] = await queryRows<{ credit: string }>(
      tx,
      sql`select credit_balance_minor::text as credit from credit_lines
          where id = ${loan.creditLineId}::uuid for update`,
    );
    const credit = BigInt(line?.credit ?? '0');
    const owed = BigInt(due[n]!.due_minor);
    const amount = credit < owed ? credit : owed;
    if (amount <= 0n) continue; // an earlier loan of the same line used it up
    const [current] = await queryRows<{ status: LoanStatus }>(
      tx,
      sql`select status from loans where id = ${loan.id}::uuid`,
    );
    await applyRepayment(
      tx,
      loan,
      current!.status,
      {
        amount,
        businessDate: day,
        now,
        receivedBy: CREDIT_BALANCE_ACTOR,
        excessUse: ExcessUse.NEXT_INSTALLMENTS,
        source: RepaymentSource.CREDIT_BALANCE,
      },
      { replay: false },
    );
  }
}
