import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '@lending/db';
import { BusinessDate } from '@lending/kernel';
import { Account, EntryKind } from './accounts.js';
import { useCreditBalances } from './credit-balance.js';
import { loanBatch, type LoanBatch } from './loan-batch.js';
import { CreditLineStatus } from './credit-line.service.js';
import {
  CHARGE_OFF_DAYS_PAST_DUE,
  delinquencySql,
  installmentStatusSql,
  InstallmentStatus,
  LIVE_LOAN_STATUSES_SQL,
  LoanStatus,
} from './loan-status.js';

const DAYS_PER_YEAR = 365;
const LIVE = LIVE_LOAN_STATUSES_SQL;

/** Loans per batch: one transaction each, so a million loans never sit in one transaction. */
export const CLOSE_OF_BUSINESS_BATCH_SIZE = 10_000;

type Batch = LoanBatch;

/** A loan still to close for `day`: live, disbursed before it, not closed for it yet. */
function dueForDaySql(day: string): SQL {
  return sql`l.status in ${LIVE} and l.disbursed_on < ${day}::date
    and coalesce(l.closed_through, l.disbursed_on) < ${day}::date`;
}

/**
 * The ledger's step of close of business for business day `day`, for one
 * batch: locks up to `limit` loans still to close for the day, in id order
 * after `after` (loans other transactions hold are skipped; a later pass
 * takes them, unless `skipLocked` is false), runs the day's work for them — interest accrual, penalties
 * under the cost cap, instalment and loan status, days past due, charge-off —
 * and marks them closed through `day`, all in the caller's transaction.
 * Returns the loans it closed, in id order; the last is the cursor of the next batch.
 */
export async function closeLedgerBatch(
  tx: Db,
  day: BusinessDate,
  now: Date,
  options: { after: string | null; limit: number; skipLocked: boolean },
): Promise<{ loanIds: readonly string[]; last: string | null }> {
  const date = day.toString();
  const rows = await queryRows<{ id: string }>(
    tx,
    sql`select l.id from loans l
        where ${dueForDaySql(date)} ${options.after ? sql`and l.id > ${options.after}::uuid` : sql``}
        order by l.id limit ${options.limit}
        for update ${options.skipLocked ? sql`skip locked` : sql``}`,
  );
  if (rows.length === 0) return { loanIds: [], last: null };
  const ids = rows.map((r) => r.id);
  await processDay(tx, date, now, ids);
  return { loanIds: ids, last: ids[ids.length - 1]! };
}

/**
 * Every loan still to close for `day`, batch after batch inside the caller's
 * one transaction, waiting for loans other transactions hold: the end of a
 * run (what its batches could not take), and tests of the ledger alone.
 * Returns the loans it closed.
 */
export async function closeLedgerDay(
  tx: Db,
  day: BusinessDate,
  now: Date,
  limit = CLOSE_OF_BUSINESS_BATCH_SIZE,
): Promise<string[]> {
  const closed: string[] = [];
  let after: string | null = null;
  for (;;) {
    const batch = await closeLedgerBatch(tx, day, now, { after, limit, skipLocked: false });
    if (batch.loanIds.length === 0) return closed;
    closed.push(...batch.loanIds);
    after = batch.last;
  }
}

/** Loans still to close for `day` (whatever other transactions hold). */
export async function countLoansToClose(tx: Db, day: BusinessDate): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    tx,
    sql`select count(*)::int as n from loans l where ${dueForDaySql(day.toString())}`,
  );
  return row?.n ?? 0;
}

/** Loans closed for `day` so far. */
export async function countLoansClosed(tx: Db, day: BusinessDate): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    tx,
    sql`select count(*)::int as n from loans where closed_through >= ${day.toString()}::date`,
  );
  return row?.n ?? 0;
}

/**
 * The day a loan's next event happens on: the business date, or the day its
 * close of business has already reached while a run is closing loans in batches.
 */
export function loanBusinessDateSql(closedThrough: SQL): SQL<string> {
  return sql<string>`greatest((select current from business_date where id = 1), ${closedThrough})::text`;
}

/** The day a locked loan's next event happens on (see loanBusinessDateSql). */
export async function loanBusinessDate(tx: Db, loanId: string): Promise<BusinessDate> {
  const [row] = await queryRows<{ day: string }>(
    tx,
    sql`select ${loanBusinessDateSql(sql`l.closed_through`)} as day from loans l where l.id = ${loanId}::uuid`,
  );
  if (!row) throw new Error(`no loan ${loanId}`);
  return BusinessDate.parseOrThrow(row.day);
}

/**
 * The work of one day for the given loans: a batch of close of business, or
 * one loan when re-deriving its history (a reversal replays it inside a savepoint).
 */
export async function processDay(
  tx: Db,
  day: string,
  now: Date,
  loanIds: readonly string[],
  options: { useCreditBalances: boolean } = { useCreditBalances: true },
): Promise<void> {
  const batch = loanBatch(loanIds);
  await accrueInterest(tx, day, now, batch);
  await accruePenalty(tx, day, now, batch);
  await updateStatuses(tx, day, batch);
  if (options.useCreditBalances)
    await useCreditBalances(tx, BusinessDate.parseOrThrow(day), now, batch);
  await chargeOff(tx, day, now, batch);
}

/**
 * Half-even rounding of num / den for non-negative integers, in SQL:
 * exact, since the inputs are integers (numeric when products may pass bigint).
 */
function halfEven(num: ReturnType<typeof sql>, den: ReturnType<typeof sql>) {
  return sql`(case
    when 2 * mod(${num}, ${den}) > ${den} then div(${num}, ${den}) + 1
    when 2 * mod(${num}, ${den}) = ${den} then div(${num}, ${den}) + mod(div(${num}, ${den}), 2)
    else div(${num}, ${den}) end)::bigint`;
}

/**
 * Each period's scheduled interest is spread over its days: after day d of a
 * D-day period, round(I · d / D) has been posted, so the period's total is
 * exactly I. Posted: Cr INTEREST_INCOME; Dr INTEREST_PAID_IN_ADVANCE for the
 * part the borrower paid ahead of accrual (paid beyond what had accrued), Dr
 * RECEIVABLE_INTEREST for the rest.
 */
async function accrueInterest(tx: Db, day: string, now: Date, batch: Batch): Promise<void> {
  const num = sql`(interest::numeric * d)`;
  const den = sql`span::numeric`;
  await tx.execute(sql`
    with periods as (
      select i.loan_id, i.number, l.borrower_id, l.currency,
             i.interest_due_minor as interest, i.interest_accrued_minor as accrued,
             i.interest_paid_minor as paid, i.due_date,
             coalesce(i.period_start, lag(i.due_date) over (partition by i.loan_id order by i.number), l.disbursed_on) as start_date
      from ${batch.loans('l')} join installments i on i.loan_id = l.id
      where l.status in ${LIVE}
    ), current_period as (
      select *, (${day}::date - start_date) as d, (due_date - start_date) as span
      from periods where start_date < ${day}::date and ${day}::date <= due_date
    ), increments as (
      select loan_id, number, borrower_id, currency, ${halfEven(num, den)} as target, accrued, paid
      from current_period
    ), updated as (
      update installments i set interest_accrued_minor = inc.target
      from increments inc
      where i.loan_id = inc.loan_id and i.number = inc.number and inc.target > inc.accrued
      returning i.loan_id
    ), per_loan as (
      select loan_id, borrower_id, currency, sum(target - accrued)::bigint as amount,
             sum(least(target - accrued, greatest(0, paid - accrued)))::bigint as ahead
      from increments where target > accrued group by loan_id, borrower_id, currency
    )
    ${postPerLoan(EntryKind.ACCRUAL, day, now, [
      [Account.RECEIVABLE_INTEREST, 'debit', sql`p.amount - p.ahead`],
      [Account.INTEREST_PAID_IN_ADVANCE, 'debit', sql`p.ahead`],
      [Account.INTEREST_INCOME, 'credit', sql`p.amount`],
    ])}`);
}

/**
 * Penalty interest for day `day` on each overdue instalment's unpaid
 * principal: round(unpaid · p / 365), p = min(0.5 · annual rate, cap − annual
 * rate), so interest plus penalty never exceeds the cap. Added to the
 * instalment's penalty due; Dr RECEIVABLE_PENALTY, Cr PENALTY_INCOME.
 */
async function accruePenalty(tx: Db, day: string, now: Date, batch: Batch): Promise<void> {
  // Rates are numeric(12, 8): scaled by 10^8 they are integers, so the division is exact before rounding.
  const num = sql`(unpaid::numeric * p_scaled)`;
  const den = sql`(${DAYS_PER_YEAR}::numeric * 100000000)`;
  await tx.execute(sql`
    with overdue as (
      select i.loan_id, i.number, l.borrower_id, l.currency,
             (i.principal_due_minor - i.principal_paid_minor) as unpaid,
             (greatest(0, least(0.5 * cl.annual_rate, cl.cost_cap_annual - cl.annual_rate)) * 100000000)::numeric as p_scaled
      from ${batch.loans('l')}
      join installments i on i.loan_id = l.id
      join credit_lines cl on cl.id = l.credit_line_id
      where l.status in ${LIVE} and i.due_date < ${day}::date and i.principal_due_minor > i.principal_paid_minor
    ), amounts as (
      select loan_id, number, borrower_id, currency, ${halfEven(num, den)} as amount from overdue
    ), updated as (
      update installments i set penalty_due_minor = i.penalty_due_minor + a.amount
      from amounts a where i.loan_id = a.loan_id and i.number = a.number and a.amount > 0
      returning i.loan_id
    ), per_loan as (
      select loan_id, borrower_id, currency, sum(amount)::bigint as amount
      from amounts where amount > 0 group by loan_id, borrower_id, currency
    )
    ${postPerLoan(EntryKind.PENALTY, day, now, [
      [Account.RECEIVABLE_PENALTY, 'debit', sql`p.amount`],
      [Account.PENALTY_INCOME, 'credit', sql`p.amount`],
    ])}`);
}

/**
 * The end of a statement whose CTE `per_loan(loan_id, borrower_id, currency,
 * amount, ...)` holds one positive amount per loan: one journal entry per
 * loan with the given lines, each an expression over `per_loan` aliased `p`
 * (lines of zero are not posted), set-based.
 */
function postPerLoan(
  kind: EntryKind,
  day: string,
  now: Date,
  lines: readonly (readonly [Account, 'debit' | 'credit', SQL])[],
) {
  const values = sql.join(
    lines.map(
      ([account, side, amount]) =>
        sql`(${account}::text, ${side === 'debit'}::boolean, (${amount})::bigint)`,
    ),
    sql`, `,
  );
  return sql`, entries as (
      insert into journal_entries (id, borrower_id, loan_id, kind, business_date, created_at)
      select time_ordered_uuid(), borrower_id, loan_id, ${kind}, ${day}, ${now.toISOString()}::timestamptz from per_loan
      returning id, loan_id
    )
    insert into postings (id, entry_id, borrower_id, loan_id, account, currency, debit_minor, credit_minor)
    select time_ordered_uuid(), e.id, p.borrower_id, p.loan_id, a.account, p.currency,
           case when a.debit then a.amount else 0 end, case when a.debit then 0 else a.amount end
    from entries e join per_loan p on p.loan_id = e.loan_id
    cross join lateral (values ${values}) as a(account, debit, amount)
    where a.amount > 0`;
}

/**
 * Instalments become DUE on their date and OVERDUE after it (rows whose
 * status does not change are not rewritten); days past due and loan status
 * follow, and the loans are marked closed through the day, in one pass.
 */
async function updateStatuses(tx: Db, day: string, batch: Batch): Promise<void> {
  const status = installmentStatusSql(day);
  await tx.execute(sql`
    update installments i set status = ${status}
    from ${batch.loans('l')}
    where l.id = i.loan_id and l.status in ${LIVE} and i.status <> ${InstallmentStatus.PAID}
      and i.due_date <= ${day}::date and i.status <> ${status}`);
  const delinquency = delinquencySql(sql`o.oldest`, day);
  await tx.execute(sql`
    update loans l set days_past_due = ${delinquency.daysPastDue}, status = ${delinquency.status},
      closed_through = ${day}::date
    from (
      select l2.id, min(i.due_date) filter (where i.status = ${InstallmentStatus.OVERDUE}) as oldest
      from ${batch.loans('l2')} left join installments i on i.loan_id = l2.id
      where l2.status in ${LIVE}
      group by l2.id
    ) o
    where o.id = l.id and ${batch.inRange(sql`l.id`)}`);
}

/**
 * At 180 days past due a loan is charged off: every receivable still open is
 * written off (Dr LOSS_WRITE_OFF) and its credit line is frozen. Later
 * recoveries are still accepted.
 */
async function chargeOff(tx: Db, day: string, now: Date, batch: Batch): Promise<void> {
  await tx.execute(sql`
    with charged as (
      update loans set status = ${LoanStatus.CHARGED_OFF}, charged_off_on = ${day}::date
      where status = ${LoanStatus.DELINQUENT} and days_past_due >= ${CHARGE_OFF_DAYS_PAST_DUE}
        and ${batch.within(sql`id`)}
      returning id, borrower_id, currency, credit_line_id
    ), frozen as (
      update credit_lines set status = ${CreditLineStatus.FROZEN}
      where id in (select credit_line_id from charged) and status = ${CreditLineStatus.ACTIVE}
      returning id
    ), open_receivables as (
      select c.id as loan_id, c.borrower_id, c.currency, p.account, sum(p.debit_minor - p.credit_minor)::bigint as amount
      from charged c join postings p on p.loan_id = c.id
      where p.account in (${Account.RECEIVABLE_PRINCIPAL}, ${Account.RECEIVABLE_INTEREST}, ${Account.RECEIVABLE_FEES}, ${Account.RECEIVABLE_PENALTY})
      group by c.id, c.borrower_id, c.currency, p.account
      having sum(p.debit_minor - p.credit_minor) > 0
    ), entries as (
      insert into journal_entries (id, borrower_id, loan_id, kind, business_date, created_at)
      select time_ordered_uuid(), borrower_id, loan_id, ${EntryKind.WRITE_OFF}, ${day}, ${now.toISOString()}::timestamptz
      from (select distinct loan_id, borrower_id from open_receivables) l
      returning id, loan_id
    )
    insert into postings (id, entry_id, borrower_id, loan_id, account, currency, debit_minor, credit_minor)
    select time_ordered_uuid(), e.id, r.borrower_id, r.loan_id, r.account, r.currency, 0, r.amount
    from entries e join open_receivables r on r.loan_id = e.loan_id
    union all
    select time_ordered_uuid(), e.id, t.borrower_id, t.loan_id, ${Account.LOSS_WRITE_OFF}, t.currency, t.amount, 0
    from entries e join (
      select loan_id, borrower_id, currency, sum(amount)::bigint as amount from open_receivables
      group by loan_id, borrower_id, currency
    ) t on t.loan_id = e.loan_id`);
}
