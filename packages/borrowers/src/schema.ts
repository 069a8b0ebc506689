import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const borrowersTable = pgTable(
  'borrowers',
  {
    id: uuid('id').primaryKey(),
    displayName: text('display_name').notNull(),
    timeZone: text('time_zone').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [index('borrowers_created_at_idx').on(t.createdAt)],
);
