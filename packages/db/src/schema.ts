import { sql } from 'drizzle-orm';
import { check, date, pgTable, smallint, timestamp } from 'drizzle-orm/pg-core';

// The platform's one business date. Only close of business moves it, so no
// request ever contends on this row.
export const businessDateTable = pgTable(
  'business_date',
  {
    id: smallint('id').primaryKey().default(1),
    current: date('current', { mode: 'string' }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [check('business_date_single_row', sql`${t.id} = 1`)],
);
