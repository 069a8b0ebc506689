import { eq, sql, type SQL } from 'drizzle-orm';
import {
  claimKeySql,
  queryRows,
  storedKeySql,
  type Db,
  type IdempotentCommand,
  type KeyScope,
} from '@lending/db';
import { BusinessDate, newId } from '@lending/kernel';
import { Account } from './accounts.js';
import type { Amounts, ExcessUse, InstallmentState } from './allocation.js';
import { loanBusinessDateSql } from './close-of-business.js';
import { preparedEntrySql, type PreparedEntry } from './journal.js';
import type { InstallmentStatus, LoanStatus } from './loan-status.js';
import { toLoan, type Loan } from './loan.service.js';
import { loansTable } from './schema.js';

/** Where a repayment's money comes from. */
export const RepaymentSource = {
  /** Money received: a transfer, a card, a debit. */
  PAYMENT: 'PAYMENT',
  /** The line's credit balance, used by close of business for an amount falling due. */
  CREDIT_BALANCE: 'CREDIT_BALANCE',
} as const;
export type RepaymentSource = (typeof RepaymentSource)[keyof typeof RepaymentSource];

export interface RepaymentInput {
  readonly amount: bigint;
  readonly businessDate: BusinessDate;
  readonly now: Date;
  readonly receivedBy: string;
  readonly excessUse: ExcessUse;
  readonly source: RepaymentSource;
}

/** The locked loan's state a repayment is allocated from. */
export interface RepaymentState {
  readonly businessDate: BusinessDate;
  readonly installments: readonly (InstallmentState & { readonly status: InstallmentStatus })[];
  /** Written off and not yet recovered, for a charged-off loan (0 otherwise). */
  readonly writtenOff: bigint;
}

interface InstallmentJson {
  number: number;
  due_date: string;
  status: InstallmentStatus;
  principal_due: string;
  interest_due: string;
  fees_due: string;
  penalty_due: string;
  principal_paid: string;
  interest_paid: string;
  fees_paid: string;
  penalty_paid: string;
  interest_accrued: string;
}

const installmentsJson = (loanId: SQL) => sql<InstallmentJson[] | null>`(
  select json_agg(json_build_object(
    'number', i.number, 'due_date', i.due_date::text, 'status', i.status,
    'principal_due', i.principal_due_minor::text, 'interest_due', i.interest_due_minor::text,
    'fees_due', i.fees_due_minor::text, 'penalty_due', i.penalty_due_minor::text,
    'principal_paid', i.principal_paid_minor::text, 'interest_paid', i.interest_paid_minor::text,
    'fees_paid', i.fees_paid_minor::text, 'penalty_paid', i.penalty_paid_minor::text,
    'interest_accrued', i.interest_accrued_minor::text) order by i.number)
  from installments i where i.loan_id = ${loanId})`;

const writtenOffSql = (
  loanId: SQL,
  status: SQL,
) => sql<string>`(case when ${status} = 'CHARGED_OFF' then
  (select coalesce(sum(p.debit_minor - p.credit_minor), 0)::text from postings p
    where p.loan_id = ${loanId} and p.account = ${Account.LOSS_WRITE_OFF}) else '0' end)`;

/**
 * Locks the loan row (one loan's repayments and close of business queue
 * here), then reads everything a repayment decides from, and the idempotency
 * key if it is stored already. Two statements, not one: a statement that
 * waits at a row lock still reads every other table as it stood when the
 * statement began, so what the repayment before it wrote would be missed.
 * Null when there is no such loan.
 */
export async function lockLoanForRepayment(
  tx: Db,
  loanId: string,
  scope: KeyScope,
): Promise<
  | (RepaymentState & {
      loan: Loan;
      storedKey: { requestDigest: string; result: unknown } | null;
    })
  | null
> {
  const locked = await tx
    .select({ id: loansTable.id })
    .from(loansTable)
    .where(eq(loansTable.id, loanId))
    .for('update');
  if (locked.length === 0) return null;
  const key = storedKeySql(scope);
  const [row] = await tx
    .select({
      loan: loansTable,
      businessDate: loanBusinessDateSql(sql`${loansTable.closedThrough}`),
      installments: installmentsJson(sql`${loansTable.id}`),
      writtenOff: writtenOffSql(sql`${loansTable.id}`, sql`${loansTable.status}`),
      keyDigest: sql<string | null>`(select k.request_digest from ${key} k)`,
      keyResult: sql<unknown>`(select k.result from ${key} k)`,
    })
    .from(loansTable)
    .where(eq(loansTable.id, loanId));
  if (!row) return null;
  return {
    loan: toLoan(row.loan),
    ...toState(row),
    storedKey:
      row.keyDigest === null ? null : { requestDigest: row.keyDigest, result: row.keyResult },
  };
}

/** The same state for a loan the caller has locked already (a reversal's replay). */
export async function readRepaymentState(
  tx: Db,
  loan: { id: string; status: LoanStatus },
): Promise<RepaymentState> {
  const [row] = await tx
    .select({
      businessDate: loanBusinessDateSql(
        sql`(select closed_through from loans where id = ${loan.id}::uuid)`,
      ),
      installments: installmentsJson(sql`${loan.id}::uuid`),
      writtenOff: writtenOffSql(sql`${loan.id}::uuid`, sql`${loan.status}::text`),
    })
    .from(sql`(select 1) as one`);
  return toState(row!);
}

function toState(row: {
  businessDate: string;
  installments: InstallmentJson[] | null;
  writtenOff: string;
}): RepaymentState {
  return {
    businessDate: BusinessDate.parseOrThrow(row.businessDate),
    writtenOff: BigInt(row.writtenOff),
    installments: (row.installments ?? []).map((i) => ({
      number: i.number,
      dueDate: BusinessDate.parseOrThrow(i.due_date),
      status: i.status,
      due: {
        principal: BigInt(i.principal_due),
        interest: BigInt(i.interest_due),
        fees: BigInt(i.fees_due),
        penalty: BigInt(i.penalty_due),
      },
      paid: {
        principal: BigInt(i.principal_paid),
        interest: BigInt(i.interest_paid),
        fees: BigInt(i.fees_paid),
        penalty: BigInt(i.penalty_paid),
      },
      interestAccrued: BigInt(i.interest_accrued),
    })),
  };
}

/** Everything a repayment writes, decided in code from the locked loan's state. */
export interface RepaymentPlan {
  /** Credited to each receivable (interest that had accrued). */
  readonly paid: Amounts;
  /** Credited to INTEREST_PAID_IN_ADVANCE: interest paid before it accrued. */
  readonly interestPaidAhead: bigint;
  /** Debited from INTEREST_PAID_IN_ADVANCE: paid-ahead interest made unearned. */
  readonly interestReleased: bigint;
  readonly principalPrepaid: bigint;
  readonly excess: bigint;
  readonly recovery: bigint;
  readonly input: RepaymentInput;
  /** Instalments whose amounts or status change, and those dropped when the term shortens. */
  readonly changed: readonly (InstallmentState & { status: InstallmentStatus })[];
  readonly dropped: readonly number[];
  /** The schedule's new term, when a recast shortened it. */
  readonly termMonths: number | null;
  /** The loan's new status and days past due, when they change. */
  readonly delinquency: { status: LoanStatus; daysPastDue: number } | null;
  readonly entry: PreparedEntry;
}

/**
 * One statement (a data-modifying CTE per table) writes the whole repayment:
 * the instalments that change, the loan's status, the line's drawn amount,
 * the journal entry and its postings, the repayment row and, with `claim`,
 * the idempotency key with its result. Returns false when the key was
 * claimed by a concurrent request first: the caller must roll back.
 */
export async function writeRepayment(
  tx: Db,
  loan: Loan,
  plan: RepaymentPlan,
  claim: { command: IdempotentCommand; result: Parameters<typeof claimKeySql>[1] } | null,
  options: { replay: boolean } = { replay: false },
): Promise<boolean> {
  const { paid, excess, recovery, input } = plan;
  const ctes: SQL[] = [];
  if (plan.changed.length > 0) {
    // One JSON parameter for every changed row: cheaper to build and to parse than ten per row.
    const rows = plan.changed.map((i) => ({
      number: i.number,
      principal_due: String(i.due.principal),
      interest_due: String(i.due.interest),
      fees_due: String(i.due.fees),
      penalty_due: String(i.due.penalty),
      principal_paid: String(i.paid.principal),
      interest_paid: String(i.paid.interest),
      fees_paid: String(i.paid.fees),
      penalty_paid: String(i.paid.penalty),
      status: i.status,
    }));
    ctes.push(sql`update installments i set
      principal_due_minor = v.principal_due, interest_due_minor = v.interest_due,
      fees_due_minor = v.fees_due, penalty_due_minor = v.penalty_due,
      principal_paid_minor = v.principal_paid, interest_paid_minor = v.interest_paid,
      fees_paid_minor = v.fees_paid, penalty_paid_minor = v.penalty_paid, status = v.status
    from json_to_recordset(${JSON.stringify(rows)}::json) as v(number int, principal_due bigint,
      interest_due bigint, fees_due bigint, penalty_due bigint, principal_paid bigint,
      interest_paid bigint, fees_paid bigint, penalty_paid bigint, status text)
    where i.loan_id = ${loan.id}::uuid and i.number = v.number`);
  }
  if (plan.dropped.length > 0) {
    ctes.push(sql`delete from installments where loan_id = ${loan.id}::uuid
      and number in (${sql.join(
        plan.dropped.map((n) => sql`${n}::int`),
        sql`, `,
      )})`);
  }
  if (plan.delinquency || plan.termMonths !== null) {
    const sets: SQL[] = [];
    if (plan.delinquency)
      sets.push(
        sql`status = ${plan.delinquency.status}, days_past_due = ${plan.delinquency.daysPastDue}::int`,
      );
    if (plan.termMonths !== null) sets.push(sql`scheduled_term_months = ${plan.termMonths}::int`);
    ctes.push(sql`update loans set ${sql.join(sets, sql`, `)} where id = ${loan.id}::uuid`);
  }
  // A reversal's replay leaves the credit balance alone: its one entry moves it once, at the end.
  const creditDelta = options.replay
    ? 0n
    : excess - (input.source === RepaymentSource.CREDIT_BALANCE ? input.amount : 0n);
  if (paid.principal > 0n || creditDelta !== 0n) {
    ctes.push(sql`update credit_lines set drawn_minor = drawn_minor - ${paid.principal}::bigint,
      credit_balance_minor = credit_balance_minor + ${creditDelta}::bigint
      where id = ${loan.creditLineId}::uuid`);
  }
  const entry = preparedEntrySql(plan.entry);
  ctes.push(entry.entry, entry.postings);
  ctes.push(sql`insert into repayments (id, loan_id, borrower_id, entry_id, business_date, amount_minor,
      principal_minor, interest_minor, fees_minor, penalty_minor, excess_minor, recovery_minor, received_by, created_at,
      excess_use, source, principal_prepaid_minor, interest_released_minor)
    values (${newId()}::uuid, ${loan.id}::uuid, ${loan.borrowerId}::uuid, ${plan.entry.entry.id}::uuid,
      ${input.businessDate.toString()}::date, ${input.amount}::bigint, ${paid.principal}::bigint,
      ${paid.interest + plan.interestPaidAhead}::bigint, ${paid.fees}::bigint, ${paid.penalty}::bigint, ${excess}::bigint,
      ${recovery}::bigint, ${input.receivedBy}, ${input.now.toISOString()}::timestamptz,
      ${input.excessUse}, ${input.source}, ${plan.principalPrepaid}::bigint, ${plan.interestReleased}::bigint)`);
  const named = ctes.map((cte, n) => sql`${sql.raw(`w${n}`)} as (${cte})`);
  const last = claim
    ? sql`, claim as (${claimKeySql(claim.command, claim.result)}) select exists (select 1 from claim) as claimed`
    : sql` select true as claimed`;
  const [row] = await queryRows<{ claimed: boolean }>(
    tx,
    sql`with ${sql.join(named, sql`, `)}${last}`,
  );
  return row?.claimed === true;
}
