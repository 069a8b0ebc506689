import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  date,
  index,
  integer,
  numeric,
  pgTable,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';

const money = (name: string) => bigint(name, { mode: 'bigint' });

/**
 * A revolving line. `drawnMinor` is the principal outstanding on its loans:
 * a drawdown raises it with a conditional UPDATE that cannot pass the limit,
 * so concurrent drawdowns serialise on this row (one borrower's row, never a
 * platform-wide one) and can never overdraw.
 */
export const creditLinesTable = pgTable(
  'credit_lines',
  {
    id: uuid('id').primaryKey(),
    borrowerId: uuid('borrower_id').notNull(),
    currency: text('currency').notNull(),
    limitMinor: money('limit_minor').notNull(),
    drawnMinor: money('drawn_minor').notNull(),
    /**
     * Money paid beyond what the line's loans owed (the BORROWER_CREDIT postings
     * of its loans, summed): the borrower's, used first by the next amount due
     * on the line, refundable. Kept beside drawn so close of business finds the
     * few lines that have one without summing postings.
     */
    creditBalanceMinor: money('credit_balance_minor')
      .notNull()
      .default(sql`0`),
    annualRate: numeric('annual_rate', { precision: 12, scale: 8 }).notNull(),
    /** Annual cost cap for penalties (24 % by default). */
    costCapAnnual: numeric('cost_cap_annual', { precision: 12, scale: 8 }).notNull(),
    status: text('status').notNull(),
    openedAt: timestamp('opened_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    index('credit_lines_borrower_idx').on(t.borrowerId),
    // A drawdown can never pass the limit (its conditional UPDATE); drawn may pass it only by
    // interest capitalised under a hardship plan, which also freezes the line.
    check('credit_lines_drawn_non_negative', sql`${t.drawnMinor} >= 0`),
    check('credit_lines_credit_balance_non_negative', sql`${t.creditBalanceMinor} >= 0`),
    check('credit_lines_status', sql`${t.status} in ('ACTIVE', 'FROZEN', 'CLOSED')`),
  ],
);

/** fillfactor 50, set in migration 0020: room on each page for close of business's HOT updates. */
export const loansTable = pgTable(
  'loans',
  {
    id: uuid('id').primaryKey(),
    borrowerId: uuid('borrower_id').notNull(),
    creditLineId: uuid('credit_line_id')
      .notNull()
      .references(() => creditLinesTable.id),
    currency: text('currency').notNull(),
    principalMinor: money('principal_minor').notNull(),
    annualRate: numeric('annual_rate', { precision: 12, scale: 8 }).notNull(),
    termMonths: integer('term_months').notNull(),
    repaymentMethod: text('repayment_method').notNull(),
    disbursedOn: date('disbursed_on', { mode: 'string' }).notNull(),
    status: text('status').notNull(),
    daysPastDue: integer('days_past_due').notNull().default(0),
    chargedOffOn: date('charged_off_on', { mode: 'string' }),
    /** Set by a restructure: the principal and term of the schedule in force, and when. */
    scheduledPrincipalMinor: money('scheduled_principal_minor'),
    scheduledTermMonths: integer('scheduled_term_months'),
    restructuredOn: date('restructured_on', { mode: 'string' }),
    /**
     * The last business day close of business has closed for this loan (null:
     * none since its disbursement). A day is closed in batches of loans, each
     * its own transaction, so during a run some loans are a day ahead of the
     * business date: what happens to such a loan happens on this day.
     */
    closedThrough: date('closed_through', { mode: 'string' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    index('loans_borrower_idx').on(t.borrowerId, t.id),
    index('loans_credit_line_idx').on(t.creditLineId),
    check('loans_status', sql`${t.status} in ('ACTIVE', 'DELINQUENT', 'PAID_OFF', 'CHARGED_OFF')`),
  ],
);

/** fillfactor 70, set in migration 0020 (see loans). */
export const installmentsTable = pgTable(
  'installments',
  {
    loanId: uuid('loan_id')
      .notNull()
      .references(() => loansTable.id),
    borrowerId: uuid('borrower_id').notNull(),
    number: integer('number').notNull(),
    dueDate: date('due_date', { mode: 'string' }).notNull(),
    principalDueMinor: money('principal_due_minor').notNull(),
    interestDueMinor: money('interest_due_minor').notNull(),
    feesDueMinor: money('fees_due_minor')
      .notNull()
      .default(sql`0`),
    penaltyDueMinor: money('penalty_due_minor')
      .notNull()
      .default(sql`0`),
    principalPaidMinor: money('principal_paid_minor')
      .notNull()
      .default(sql`0`),
    interestPaidMinor: money('interest_paid_minor')
      .notNull()
      .default(sql`0`),
    feesPaidMinor: money('fees_paid_minor')
      .notNull()
      .default(sql`0`),
    penaltyPaidMinor: money('penalty_paid_minor')
      .notNull()
      .default(sql`0`),
    /** Interest of this period posted to the journal so far by close of business. */
    interestAccruedMinor: money('interest_accrued_minor')
      .notNull()
      .default(sql`0`),
    /** When the period of this instalment began, where it is not the previous due date (a restructure). */
    periodStart: date('period_start', { mode: 'string' }),
    status: text('status').notNull(),
  },
  (t) => [
    unique('installments_loan_number_uq').on(t.loanId, t.number),
    // The instalments falling due on a day, within a batch's loan range (payment reminders):
    // neither column changes in close of business, so its updates stay HOT.
    index('installments_due_date_idx').on(t.dueDate, t.loanId),
    check('installments_status', sql`${t.status} in ('PENDING', 'DUE', 'PAID', 'OVERDUE')`),
  ],
);

/**
 * The journal: an entry and its postings are written once and never changed
 * (triggers refuse UPDATE and DELETE); a correction is a reversing entry. A
 * deferred constraint trigger refuses to commit an entry whose postings do
 * not balance per currency.
 */
export const journalEntriesTable = pgTable(
  'journal_entries',
  {
    id: uuid('id').primaryKey(),
    borrowerId: uuid('borrower_id').notNull(),
    loanId: uuid('loan_id'),
    kind: text('kind').notNull(),
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    /** The entry this one reverses. */
    reversesEntryId: uuid('reverses_entry_id'),
    memo: text('memo'),
  },
  (t) => [
    index('journal_entries_loan_idx').on(t.loanId, t.createdAt),
    index('journal_entries_borrower_idx').on(t.borrowerId),
  ],
);

export const postingsTable = pgTable(
  'postings',
  {
    id: uuid('id').primaryKey(),
    /**
     * No foreign key: the balance trigger checks, once per statement, that
     * each new posting's entry exists (a per-row key check was 40 % of close
     * of business's accrual statement), and entries are never deleted.
     */
    entryId: uuid('entry_id').notNull(),
    borrowerId: uuid('borrower_id').notNull(),
    loanId: uuid('loan_id'),
    account: text('account').notNull(),
    currency: text('currency').notNull(),
    debitMinor: money('debit_minor').notNull(),
    creditMinor: money('credit_minor').notNull(),
  },
  (t) => [
    index('postings_entry_idx').on(t.entryId),
    index('postings_loan_account_idx').on(t.loanId, t.account),
    // No (currency, account) index: the trial balance sums every posting of a currency, a
    // sequential scan either way, and the index cost each of close of business's postings an insert.
    check(
      'postings_one_side',
      sql`(${t.debitMinor} > 0 and ${t.creditMinor} = 0) or (${t.creditMinor} > 0 and ${t.debitMinor} = 0)`,
    ),
  ],
);

/** Each repayment as allocated, beside its journal entry (the history a reversal will replay). */
export const repaymentsTable = pgTable(
  'repayments',
  {
    id: uuid('id').primaryKey(),
    loanId: uuid('loan_id')
      .notNull()
      .references(() => loansTable.id),
    borrowerId: uuid('borrower_id').notNull(),
    entryId: uuid('entry_id')
      .notNull()
      .references(() => journalEntriesTable.id),
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    amountMinor: money('amount_minor').notNull(),
    principalMinor: money('principal_minor').notNull(),
    interestMinor: money('interest_minor').notNull(),
    feesMinor: money('fees_minor').notNull(),
    penaltyMinor: money('penalty_minor').notNull(),
    excessMinor: money('excess_minor').notNull(),
    recoveryMinor: money('recovery_minor').notNull(),
    /** What the borrower asked money beyond what is due now to do (ExcessRepaymentUse). */
    excessUse: text('excess_use').notNull().default('NEXT_INSTALLMENTS'),
    /** Where the money came from: a PAYMENT received, or the line's CREDIT_BALANCE. */
    source: text('source').notNull().default('PAYMENT'),
    /** Of principal, what a recast took off the schedule (REDUCE_TERM, REDUCE_INSTALLMENT). */
    principalPrepaidMinor: money('principal_prepaid_minor')
      .notNull()
      .default(sql`0`),
    /**
     * Interest paid ahead on coming instalments that this repayment made
     * unearned: returned to the credit balance by a payoff, or counted
     * towards principal by a recast.
     */
    interestReleasedMinor: money('interest_released_minor')
      .notNull()
      .default(sql`0`),
    receivedBy: text('received_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    reversedAt: timestamp('reversed_at', { withTimezone: true, mode: 'date' }),
    reversedBy: text('reversed_by'),
    reversalReason: text('reversal_reason'),
    reversalEntryId: uuid('reversal_entry_id'),
  },
  (t) => [
    index('repayments_loan_idx').on(t.loanId, t.createdAt),
    check(
      'repayments_excess_use',
      sql`${t.excessUse} in ('NEXT_INSTALLMENTS', 'REDUCE_TERM', 'REDUCE_INSTALLMENT')`,
    ),
    check('repayments_source', sql`${t.source} in ('PAYMENT', 'CREDIT_BALANCE')`),
  ],
);
