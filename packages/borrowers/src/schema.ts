import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { Jurisdiction } from './jurisdiction.js';

export const borrowersTable = pgTable(
  'borrowers',
  {
    id: uuid('id').primaryKey(),
    displayName: text('display_name').notNull(),
    timeZone: text('time_zone').notNull(),
    /** Which collection rules protect this borrower (collections keys its rules table by it). */
    jurisdiction: text('jurisdiction').$type<Jurisdiction>().notNull().default('CN'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    index('borrowers_created_at_idx').on(t.createdAt),
    check('borrowers_jurisdiction', sql`${t.jurisdiction} in ('CN', 'US')`),
  ],
);
