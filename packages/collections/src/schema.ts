import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const money = (name: string) => bigint(name, { mode: 'bigint' });
const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const civil = (name: string) => date(name, { mode: 'string' });

/**
 * A case per delinquent loan, from the day it falls behind until it is
 * current again, paid off or recovered. Close of business keeps bucket, days
 * past due and amount overdue; the queue orders by the stored priority
 * columns (bucket rank, amount overdue, broken promises, last contact).
 */
export const collectionCasesTable = pgTable(
  'collection_cases',
  {
    id: uuid('id').primaryKey(),
    borrowerId: uuid('borrower_id').notNull(),
    loanId: uuid('loan_id').notNull(),
    currency: text('currency').notNull(),
    status: text('status').notNull(),
    bucket: text('bucket').notNull(),
    bucketRank: smallint('bucket_rank').notNull(),
    daysPastDue: integer('days_past_due').notNull(),
    amountOverdueMinor: money('amount_overdue_minor').notNull(),
    /** The collector's actor id (a token's sub), null while unassigned. */
    assignedTo: text('assigned_to'),
    brokenPromises: integer('broken_promises').notNull().default(0),
    /** The last attempt that was not refused. */
    lastContactAt: instant('last_contact_at'),
    /**
     * The queue's last sort key: CONTACT_KEY_BASE minus the epoch ms of the last
     * contact (the base itself for never), so larger means longer ago; a trigger
     * keeps it from last_contact_at, so the queue index covers the whole order.
     */
    contactKey: bigint('contact_key', { mode: 'bigint' })
      .notNull()
      .default(sql`10000000000000`),
    openedOn: civil('opened_on').notNull(),
    openedAt: instant('opened_at').notNull(),
    resolvedOn: civil('resolved_on'),
    /** When it was resolved: a repayment's moment, or close of business's (null before migration 0027). */
    resolvedAt: instant('resolved_at'),
    resolution: text('resolution'),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [
    // One open case per loan, whatever races.
    uniqueIndex('collection_cases_one_open_per_loan')
      .on(t.loanId)
      .where(sql`${t.status} <> 'RESOLVED'`),
    index('collection_cases_borrower_idx').on(t.borrowerId),
    index('collection_cases_queue_idx')
      .on(
        t.bucketRank.desc(),
        t.amountOverdueMinor.desc(),
        t.brokenPromises.desc(),
        t.contactKey.desc(),
        t.id.desc(),
      )
      .where(sql`${t.status} <> 'RESOLVED'`),
    index('collection_cases_assignee_idx')
      .on(t.assignedTo)
      .where(sql`${t.status} <> 'RESOLVED'`),
    check(
      'collection_cases_status',
      sql`${t.status} in ('OPEN', 'PROMISED', 'HARDSHIP', 'LEGAL', 'RESOLVED')`,
    ),
    check(
      'collection_cases_bucket',
      sql`${t.bucket} in ('CURRENT', 'DPD_1_30', 'DPD_31_60', 'DPD_61_90', 'DPD_90_PLUS')`,
    ),
    check(
      'collection_cases_resolution',
      sql`(${t.status} = 'RESOLVED') = (${t.resolution} is not null and ${t.resolvedOn} is not null)`,
    ),
  ],
);

/** Each bucket a case was in, with the business dates it entered and left it. */
export const collectionCaseBucketsTable = pgTable(
  'collection_case_buckets',
  {
    caseId: uuid('case_id').notNull(),
    borrowerId: uuid('borrower_id').notNull(),
    bucket: text('bucket').notNull(),
    fromDate: civil('from_date').notNull(),
    /** The last business date in the bucket; null while it is still there. */
    toDate: civil('to_date'),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.fromDate] })],
);

/** Everything done to a case, by whom, when and why: append-only. */
export const collectionCaseEventsTable = pgTable(
  'collection_case_events',
  {
    id: uuid('id').primaryKey(),
    caseId: uuid('case_id').notNull(),
    borrowerId: uuid('borrower_id').notNull(),
    kind: text('kind').notNull(),
    /** A token's sub, or `close-of-business` for the nightly run. */
    actorId: text('actor_id').notNull(),
    actorRole: text('actor_role'),
    at: instant('at').notNull(),
    businessDate: civil('business_date').notNull(),
    reason: text('reason'),
    details: jsonb('details').$type<Record<string, string | number | boolean | null>>(),
  },
  (t) => [index('collection_case_events_case_idx').on(t.caseId, t.at)],
);

/** Every attempt logged about a borrower, allowed or refused (refused ones name the rule). */
export const contactAttemptsTable = pgTable(
  'contact_attempts',
  {
    id: uuid('id').primaryKey(),
    caseId: uuid('case_id').notNull(),
    borrowerId: uuid('borrower_id').notNull(),
    at: instant('at').notNull(),
    channel: text('channel').notNull(),
    target: text('target').notNull(),
    referenceContactId: uuid('reference_contact_id'),
    outcome: text('outcome').notNull(),
    refusedBy: text('refused_by'),
    jurisdiction: text('jurisdiction').notNull(),
    actorId: text('actor_id').notNull(),
    actorRole: text('actor_role').notNull(),
    recordedAt: instant('recorded_at').notNull(),
  },
  (t) => [
    index('contact_attempts_borrower_idx').on(t.borrowerId, t.at),
    index('contact_attempts_case_idx').on(t.caseId, t.at),
    index('contact_attempts_review_idx').on(t.recordedAt),
    check(
      'contact_attempts_refusal',
      sql`(${t.outcome} = 'REFUSED') = (${t.refusedBy} is not null)`,
    ),
    check(
      'contact_attempts_reference',
      sql`(${t.target} = 'REFERENCE_CONTACT') = (${t.referenceContactId} is not null)`,
    ),
  ],
);

/** A borrower's channel opt-outs for collections, set by them or by OPS on their behalf. */
export const contactPreferencesTable = pgTable(
  'contact_preferences',
  {
    borrowerId: uuid('borrower_id').notNull(),
    channel: text('channel').notNull(),
    optedOut: boolean('opted_out').notNull(),
    updatedAt: instant('updated_at').notNull(),
    updatedBy: text('updated_by').notNull(),
    updatedByRole: text('updated_by_role').notNull(),
    reason: text('reason'),
  },
  (t) => [primaryKey({ columns: [t.borrowerId, t.channel] })],
);

export const promisesToPayTable = pgTable(
  'promises_to_pay',
  {
    id: uuid('id').primaryKey(),
    caseId: uuid('case_id').notNull(),
    borrowerId: uuid('borrower_id').notNull(),
    loanId: uuid('loan_id').notNull(),
    currency: text('currency').notNull(),
    amountMinor: money('amount_minor').notNull(),
    dueDate: civil('due_date').notNull(),
    status: text('status').notNull(),
    recordedAt: instant('recorded_at').notNull(),
    recordedBy: text('recorded_by').notNull(),
    resolvedOn: civil('resolved_on'),
  },
  (t) => [
    index('promises_to_pay_case_idx').on(t.caseId),
    uniqueIndex('promises_to_pay_one_pending_per_case')
      .on(t.caseId)
      .where(sql`${t.status} = 'PENDING'`),
    check('promises_to_pay_status', sql`${t.status} in ('PENDING', 'KEPT', 'BROKEN')`),
    check('promises_to_pay_amount', sql`${t.amountMinor} > 0`),
  ],
);

export const hardshipPlansTable = pgTable(
  'hardship_plans',
  {
    id: uuid('id').primaryKey(),
    caseId: uuid('case_id').notNull(),
    borrowerId: uuid('borrower_id').notNull(),
    loanId: uuid('loan_id').notNull(),
    status: text('status').notNull(),
    capitaliseInterest: boolean('capitalise_interest').notNull(),
    waivePenalties: boolean('waive_penalties').notNull(),
    extendTermMonths: integer('extend_term_months').notNull(),
    reducedAnnualRate: numeric('reduced_annual_rate', { precision: 12, scale: 8 }),
    offeredBy: text('offered_by').notNull(),
    offeredAt: instant('offered_at').notNull(),
    expiresOn: civil('expires_on').notNull(),
    acceptedAt: instant('accepted_at'),
    /** What the restructure posted (minor units of the loan's currency). */
    capitalisedMinor: money('capitalised_minor'),
    waivedMinor: money('waived_minor'),
    endedOn: civil('ended_on'),
  },
  (t) => [
    index('hardship_plans_case_idx').on(t.caseId),
    uniqueIndex('hardship_plans_one_live_per_case')
      .on(t.caseId)
      .where(sql`${t.status} in ('OFFERED', 'ACTIVE')`),
    check(
      'hardship_plans_status',
      sql`${t.status} in ('OFFERED', 'ACTIVE', 'BROKEN', 'COMPLETED', 'EXPIRED')`,
    ),
  ],
);

/**
 * The transactional outbox: messages planned in the same transaction as the
 * state change that calls for them, rendered from a versioned template, then
 * delivered at most once each by a sender. Bodies never hold contact data.
 */
export const outboundMessagesTable = pgTable(
  'outbound_messages',
  {
    id: uuid('id').primaryKey(),
    borrowerId: uuid('borrower_id').notNull(),
    caseId: uuid('case_id'),
    loanId: uuid('loan_id'),
    channel: text('channel').notNull(),
    target: text('target').notNull(),
    template: text('template').notNull(),
    templateVersion: integer('template_version').notNull(),
    language: text('language').notNull(),
    jurisdiction: text('jurisdiction').notNull(),
    body: text('body').notNull(),
    /** One message per reason: planning the same reminder twice is a no-op. */
    dedupeKey: text('dedupe_key').notNull(),
    status: text('status').notNull(),
    notBefore: instant('not_before').notNull(),
    createdAt: instant('created_at').notNull(),
    attemptedAt: instant('attempted_at'),
    finishedAt: instant('finished_at'),
    /** The rule that refused it at send time, or why it was WITHDRAWN before (the loan cured or paid off, the instalment paid). */
    refusedBy: text('refused_by'),
    error: text('error'),
  },
  (t) => [
    uniqueIndex('outbound_messages_dedupe').on(t.dedupeKey),
    index('outbound_messages_due_idx')
      .on(t.notBefore)
      .where(sql`${t.status} = 'PLANNED'`),
    index('outbound_messages_borrower_idx').on(t.borrowerId, t.createdAt),
    check(
      'outbound_messages_status',
      sql`${t.status} in ('PLANNED', 'SENDING', 'SENT', 'REFUSED', 'FAILED', 'WITHDRAWN')`,
    ),
  ],
);

/** What the development sender delivered: a local record instead of an SMS gateway. */
export const devDeliveriesTable = pgTable('dev_message_deliveries', {
  messageId: uuid('message_id').primaryKey(),
  borrowerId: uuid('borrower_id').notNull(),
  channel: text('channel').notNull(),
  body: text('body').notNull(),
  deliveredAt: instant('delivered_at').notNull(),
});
