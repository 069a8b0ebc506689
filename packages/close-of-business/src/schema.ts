import { date, integer, pgTable, timestamp } from 'drizzle-orm/pg-core';

/**
 * Each business day close of business has completed, written in the same
 * transaction as the day's work: the claim that makes a day run once.
 */
export const closeOfBusinessDaysTable = pgTable('close_of_business_days', {
  businessDate: date('business_date', { mode: 'string' }).primaryKey(),
  /** Live loans the ledger's step covered. */
  loansProcessed: integer('loans_processed').notNull(),
  completedAt: timestamp('completed_at', { withTimezone: true, mode: 'date' }).notNull(),
});
