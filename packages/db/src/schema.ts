import { sql } from 'drizzle-orm';
import {
  check,
  date,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';

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

/**
 * Results of idempotent operations, keyed by (operation, actor, client key).
 * The digest of the request detects a key reused with different input.
 */
export const idempotencyKeysTable = pgTable(
  'idempotency_keys',
  {
    operation: text('operation').notNull(),
    actorId: text('actor_id').notNull(),
    key: text('key').notNull(),
    requestDigest: text('request_digest').notNull(),
    // null only while the first request holds the key inside its transaction
    result: jsonb('result'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.operation, t.actorId, t.key] })],
);

/**
 * Staff tokens minted with the production HS256 secret (`ops token
 * --break-glass`): the production gateway accepts an HS256 staff token only
 * if its jti is here, with the same subject and role and an expiry no later.
 * A record: rows are added, never changed (APPEND_ONLY_TABLES).
 */
export const tokenIssuanceTable = pgTable('token_issuance', {
  jti: text('jti').primaryKey(),
  sub: text('sub').notNull(),
  role: text('role').notNull(),
  issuedAt: timestamp('issued_at', { withTimezone: true, mode: 'date' }).notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
  /** Who minted it: the operating-system user and host of the shell. */
  issuedBy: text('issued_by').notNull(),
  reason: text('reason').notNull(),
});
