import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '@lending/db';
import { Money } from '@lending/kernel';
import { Account } from './accounts.js';
import { loanBatch } from './loan-batch.js';
import { InstallmentStatus, LoanStatus } from './loan-status.js';

/**
 * Read-only relations of the ledger that other domains use inside their own
 * set-based statements (collections' close-of-business step), so they never
 * name the ledger's tables themselves. Each returns a parenthesised
 * subquery; its columns are the contract.
 */

/**
 * Arrears per loan: `loan_id, borrower_id, currency, status, days_past_due,
 * amount_overdue_minor` for every DELINQUENT or CHARGED_OFF loan and every
 * loan whose id is in `alsoLoanIds` (a subquery of ids). Amount overdue is
 * what is due and unpaid on instalments past their due date (principal,
 * interest, fees, penalty); for a charged-off loan, what is still written
 * off after recoveries.
 */
export function loanArrearsSql(alsoLoanIds: SQL): SQL {
  return sql`(
    select l.id as loan_id, l.borrower_id, l.currency, l.status, l.days_past_due,
      case when l.status = ${LoanStatus.CHARGED_OFF} then coalesce(w.open, 0)
           else coalesce(o.overdue, 0) end::bigint as amount_overdue_minor
    from loans l
    left join lateral (
      select sum((i.principal_due_minor - i.principal_paid_minor) + (i.interest_due_minor - i.interest_paid_minor)
               + (i.fees_due_minor - i.fees_paid_minor) + (i.penalty_due_minor - i.penalty_paid_minor)) as overdue
      from installments i where i.loan_id = l.id and i.status = ${InstallmentStatus.OVERDUE}
    ) o on l.status <> ${LoanStatus.CHARGED_OFF}
    left join lateral (
      select sum(p.debit_minor - p.credit_minor) as open from postings p
      where p.loan_id = l.id and p.account = ${Account.LOSS_WRITE_OFF}
    ) w on l.status = ${LoanStatus.CHARGED_OFF}
    where l.status in (${LoanStatus.DELINQUENT}, ${LoanStatus.CHARGED_OFF}) or l.id in ${alsoLoanIds}
  )`;
}

/** Repayments that stand (not reversed): `loan_id, borrower_id, business_date, amount_minor, created_at`. */
export function standingRepaymentsSql(): SQL {
  return sql`(
    select r.loan_id, r.borrower_id, r.business_date, r.amount_minor, r.created_at
    from repayments r where r.reversed_at is null
  )`;
}

/**
 * Instalments of live loans falling due on `dueDate` and not settled:
 * `loan_id, borrower_id, currency, number, due_date, amount_due_minor`
 * (what is left to pay on it); of the given loans only, when given.
 */
export function installmentsFallingDueSql(dueDate: string, loanIds?: readonly string[]): SQL {
  const batch = loanIds ? loanBatch(loanIds) : null;
  return sql`(
    select i.loan_id, i.borrower_id, l.currency, i.number, i.due_date,
      ((i.principal_due_minor - i.principal_paid_minor) + (i.interest_due_minor - i.interest_paid_minor)
        + (i.fees_due_minor - i.fees_paid_minor) + (i.penalty_due_minor - i.penalty_paid_minor))::bigint as amount_due_minor
    from ${batch ? batch.loans('l') : sql`loans l`}
    join installments i on i.loan_id = l.id ${batch ? sql`and ${batch.inRange(sql`i.loan_id`)}` : sql``}
    where i.due_date = ${dueDate}::date and i.status <> ${InstallmentStatus.PAID}
      and l.status in (${LoanStatus.ACTIVE}, ${LoanStatus.DELINQUENT})
  )`;
}

export interface LoanArrears {
  readonly loanId: string;
  readonly borrowerId: string;
  readonly status: LoanStatus;
  readonly daysPastDue: number;
  readonly amountOverdue: Money;
}

/** `loanArrearsSql` for the given loans, read into TypeScript (for one case's view). */
export async function getLoanArrears(
  db: Db,
  loanIds: readonly string[],
): Promise<Map<string, LoanArrears>> {
  const result = new Map<string, LoanArrears>();
  if (loanIds.length === 0) return result;
  const ids = sql`(${sql.join(
    loanIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  )})`;
  const rows = await queryRows<{
    loan_id: string;
    borrower_id: string;
    currency: string;
    status: LoanStatus;
    days_past_due: number;
    amount_overdue_minor: string | bigint;
  }>(db, sql`select * from ${loanArrearsSql(ids)} a where a.loan_id in ${ids}`);
  for (const r of rows) {
    result.set(r.loan_id, {
      loanId: r.loan_id,
      borrowerId: r.borrower_id,
      status: r.status,
      daysPastDue: r.days_past_due,
      amountOverdue: Money.of(BigInt(r.amount_overdue_minor), r.currency),
    });
  }
  return result;
}
