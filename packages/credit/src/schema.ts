import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';

const money = (name: string) => bigint(name, { mode: 'bigint' });
const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * An application and its decision, written once when it is decided; the
 * underwriter's review and the accepted offer are added later, each once.
 */
export const creditApplicationsTable = pgTable(
  'credit_applications',
  {
    id: uuid('id').primaryKey(),
    borrowerId: uuid('borrower_id').notNull(),
    /** The user who submitted: the borrower, or an underwriter on their behalf. */
    submittedBy: text('submitted_by').notNull(),
    submittedAt: at('submitted_at').notNull(),
    status: text('status').notNull(),
    currency: text('currency').notNull(),
    requestedLimitMinor: money('requested_limit_minor').notNull(),
    monthlyIncomeMinor: money('monthly_income_minor').notNull(),
    monthlyDebtPaymentsMinor: money('monthly_debt_payments_minor').notNull(),
    /** The validated attributes as submitted, protected attributes left out. */
    attributes: jsonb('attributes').$type<Record<string, string>>().notNull(),
    // The decision, exactly as made.
    outcome: text('outcome').notNull(),
    modelVersion: text('model_version').notNull(),
    score: integer('score').notNull(),
    probabilityOfDefault: numeric('probability_of_default', { precision: 10, scale: 8 }).notNull(),
    /** The challenger scored the same inputs beside the champion and decided nothing; null before it existed. */
    challengerModelVersion: text('challenger_model_version'),
    challengerProbabilityOfDefault: numeric('challenger_probability_of_default', {
      precision: 10,
      scale: 8,
    }),
    riskGrade: text('risk_grade'),
    limitMinor: money('limit_minor'),
    annualRate: numeric('annual_rate', { precision: 12, scale: 8 }),
    gradeCapMinor: money('grade_cap_minor'),
    affordabilityCapMinor: money('affordability_cap_minor'),
    reasons: jsonb('reasons').$type<{ code: string; description: string }[]>().notNull(),
    decidedAt: at('decided_at').notNull(),
    offerExpiresAt: at('offer_expires_at'),
    reviewedBy: text('reviewed_by'),
    reviewedAt: at('reviewed_at'),
    reviewReason: text('review_reason'),
    creditLineId: uuid('credit_line_id'),
    acceptedAt: at('accepted_at'),
  },
  (t) => [
    index('credit_applications_borrower_idx').on(t.borrowerId, t.submittedAt),
    unique('credit_applications_credit_line_uq').on(t.creditLineId),
    check('credit_applications_status', sql`${t.status} in ('APPROVED', 'DECLINED', 'REFERRED')`),
    check('credit_applications_outcome', sql`${t.outcome} in ('APPROVED', 'DECLINED', 'REFERRED')`),
    check(
      'credit_applications_offer',
      sql`${t.status} <> 'APPROVED' or (${t.limitMinor} > 0 and ${t.annualRate} is not null and ${t.offerExpiresAt} is not null)`,
    ),
    check(
      'credit_applications_accepted_approved',
      sql`${t.creditLineId} is null or ${t.status} = 'APPROVED'`,
    ),
  ],
);

/**
 * Each line's behavioural review, one per line per business day (re-running
 * the job the same day changes nothing), kept whether or not it changed the line.
 */
export const creditLineReviewsTable = pgTable(
  'credit_line_reviews',
  {
    id: uuid('id').primaryKey(),
    creditLineId: uuid('credit_line_id').notNull(),
    borrowerId: uuid('borrower_id').notNull(),
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    action: text('action').notNull(),
    currency: text('currency').notNull(),
    limitBeforeMinor: money('limit_before_minor').notNull(),
    limitAfterMinor: money('limit_after_minor').notNull(),
    statusBefore: text('status_before').notNull(),
    statusAfter: text('status_after').notNull(),
    modelVersion: text('model_version').notNull(),
    score: integer('score').notNull(),
    probabilityOfDefault: numeric('probability_of_default', { precision: 10, scale: 8 }).notNull(),
    /** The challenger's PD for the same inputs, recorded beside the champion's; null before it existed. */
    challengerModelVersion: text('challenger_model_version'),
    challengerProbabilityOfDefault: numeric('challenger_probability_of_default', {
      precision: 10,
      scale: 8,
    }),
    riskGrade: text('risk_grade').notNull(),
    /** The model's inputs as derived from the ledger. */
    features: jsonb('features').$type<Record<string, string>>().notNull(),
    reasons: jsonb('reasons').$type<{ code: string; description: string }[]>().notNull(),
    reviewedBy: text('reviewed_by').notNull(),
    reviewedAt: at('reviewed_at').notNull(),
  },
  (t) => [
    unique('credit_line_reviews_line_day_uq').on(t.creditLineId, t.businessDate),
    index('credit_line_reviews_line_idx').on(t.creditLineId, t.reviewedAt),
    check(
      'credit_line_reviews_action',
      sql`${t.action} in ('RAISE', 'LOWER', 'FREEZE', 'UNFREEZE', 'KEEP')`,
    ),
  ],
);
