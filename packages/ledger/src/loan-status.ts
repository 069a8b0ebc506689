import { sql, type SQL } from 'drizzle-orm';
import { BusinessDate } from '@lending/kernel';

/**
 * The one home of the loan and instalment status rules and their names.
 * Repayments derive them in TypeScript for one loan; close of business in SQL
 * for every loan at once: both are written here, side by side, and a test
 * runs them on the same random histories to prove they agree.
 */
export const LoanStatus = {
  ACTIVE: 'ACTIVE',
  DELINQUENT: 'DELINQUENT',
  PAID_OFF: 'PAID_OFF',
  CHARGED_OFF: 'CHARGED_OFF',
} as const;
export type LoanStatus = (typeof LoanStatus)[keyof typeof LoanStatus];

/** Loans that close of business still works on: interest, penalties, days past due. */
export const LIVE_LOAN_STATUSES = [LoanStatus.ACTIVE, LoanStatus.DELINQUENT] as const;
export const LIVE_LOAN_STATUSES_SQL = sql.raw(
  `(${LIVE_LOAN_STATUSES.map((s) => `'${s}'`).join(', ')})`,
);

export const InstallmentStatus = {
  PENDING: 'PENDING',
  DUE: 'DUE',
  PAID: 'PAID',
  OVERDUE: 'OVERDUE',
} as const;
export type InstallmentStatus = (typeof InstallmentStatus)[keyof typeof InstallmentStatus];

/** At this many days past due a loan is charged off. */
export const CHARGE_OFF_DAYS_PAST_DUE = 180;

type Parts = Readonly<Record<'principal' | 'interest' | 'fees' | 'penalty', bigint>>;
export interface InstallmentAmounts {
  readonly dueDate: BusinessDate;
  readonly due: Parts;
  readonly paid: Parts;
}

/** Every part of the instalment is paid. */
export function isSettled(i: InstallmentAmounts): boolean {
  return (
    i.paid.principal >= i.due.principal &&
    i.paid.interest >= i.due.interest &&
    i.paid.fees >= i.due.fees &&
    i.paid.penalty >= i.due.penalty
  );
}

/** PAID when settled; otherwise OVERDUE after its due date, DUE on it, PENDING before. */
export function installmentStatusOf(i: InstallmentAmounts, day: BusinessDate): InstallmentStatus {
  if (isSettled(i)) return InstallmentStatus.PAID;
  if (i.dueDate.isBefore(day)) return InstallmentStatus.OVERDUE;
  if (i.dueDate.equals(day)) return InstallmentStatus.DUE;
  return InstallmentStatus.PENDING;
}

/** The same rule over the `installments` row aliased `i`, on the civil date `day`. */
export function installmentStatusSql(day: string): SQL {
  return sql`(case
    when i.principal_paid_minor >= i.principal_due_minor and i.interest_paid_minor >= i.interest_due_minor
         and i.fees_paid_minor >= i.fees_due_minor and i.penalty_paid_minor >= i.penalty_due_minor
      then ${InstallmentStatus.PAID}
    when i.due_date < ${day}::date then ${InstallmentStatus.OVERDUE}
    when i.due_date = ${day}::date then ${InstallmentStatus.DUE}
    else ${InstallmentStatus.PENDING} end)`;
}

export interface Delinquency {
  readonly status: LoanStatus;
  readonly daysPastDue: number;
}

/**
 * A live loan is DELINQUENT while any instalment is unpaid after its due
 * date, and its days past due count from the oldest such date; PAID_OFF once
 * every instalment is settled.
 */
export function delinquencyOf(
  installments: readonly InstallmentAmounts[],
  day: BusinessDate,
): Delinquency {
  if (installments.every(isSettled)) return { status: LoanStatus.PAID_OFF, daysPastDue: 0 };
  let oldest: BusinessDate | null = null;
  for (const i of installments) {
    if (installmentStatusOf(i, day) !== InstallmentStatus.OVERDUE) continue;
    if (oldest === null || i.dueDate.isBefore(oldest)) oldest = i.dueDate;
  }
  return oldest === null
    ? { status: LoanStatus.ACTIVE, daysPastDue: 0 }
    : { status: LoanStatus.DELINQUENT, daysPastDue: BusinessDate.daysBetween(oldest, day) };
}

/**
 * The same rule for close of business, given `oldest`: the oldest due date of
 * the loan's OVERDUE instalments (null when none). A live loan's instalments
 * are never all settled here: the repayment that settles them pays the loan off.
 */
export function delinquencySql(oldest: SQL, day: string): { status: SQL; daysPastDue: SQL } {
  return {
    status: sql`(case when ${oldest} is null then ${LoanStatus.ACTIVE} else ${LoanStatus.DELINQUENT} end)`,
    daysPastDue: sql`coalesce(${day}::date - ${oldest}, 0)`,
  };
}
