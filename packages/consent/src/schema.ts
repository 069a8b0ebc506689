import { sql } from 'drizzle-orm';
import { bigint, check, index, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';

// Contact values live only as AES-256-GCM ciphertext (see vault.ts); the
// plaintext columns say who owns a row and when it was written, nothing more.
// borrower_id has no foreign key to borrowers: that table belongs to another
// package, and services check existence through its functions.

const sealedColumns = {
  keyId: text('key_id').notNull(),
  ciphertext: text('ciphertext').notNull(),
};

export const contactPointsTable = pgTable(
  'contact_points',
  {
    id: uuid('id').primaryKey(),
    borrowerId: uuid('borrower_id').notNull(),
    ...sealedColumns,
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [index('contact_points_borrower_idx').on(t.borrowerId, t.id)],
);

export const referenceContactsTable = pgTable(
  'reference_contacts',
  {
    id: uuid('id').primaryKey(),
    borrowerId: uuid('borrower_id').notNull(),
    ...sealedColumns,
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [index('reference_contacts_borrower_idx').on(t.borrowerId, t.id)],
);

export const addressBookEntriesTable = pgTable(
  'address_book_entries',
  {
    id: uuid('id').primaryKey(),
    borrowerId: uuid('borrower_id').notNull(),
    ...sealedColumns,
    /** Keyed HMAC of the normalised phone: deduplicates without storing the number. */
    phoneDigest: text('phone_digest').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    unique('address_book_entries_borrower_phone_uq').on(t.borrowerId, t.phoneDigest),
    index('address_book_entries_borrower_idx').on(t.borrowerId, t.id),
  ],
);

export const consentGrantsTable = pgTable(
  'consent_grants',
  {
    id: uuid('id').primaryKey(),
    borrowerId: uuid('borrower_id').notNull(),
    scope: text('scope').notNull(),
    purpose: text('purpose').notNull(),
    granteeRole: text('grantee_role').notNull(),
    grantedBy: text('granted_by').notNull(),
    grantedAt: timestamp('granted_at', { withTimezone: true, mode: 'date' }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
    revokedBy: text('revoked_by'),
    revokeReason: text('revoke_reason'),
    documentVersion: text('document_version').notNull(),
    documentSha256: text('document_sha256').notNull(),
    channel: text('channel').notNull(),
  },
  (t) => [
    index('consent_grants_lookup_idx').on(t.borrowerId, t.scope, t.purpose, t.granteeRole),
    check('consent_grants_sha256_hex', sql`${t.documentSha256} ~ '^[0-9a-f]{64}$'`),
  ],
);

/**
 * Every read of contact data. Append-only (a trigger in the migration refuses
 * UPDATE, DELETE and TRUNCATE) and hash-chained per borrower: each row's hash
 * covers its content and the previous row's hash.
 */
export const contactAccessLogTable = pgTable(
  'contact_access_log',
  {
    id: uuid('id').primaryKey(),
    borrowerId: uuid('borrower_id').notNull(),
    seq: bigint('seq', { mode: 'bigint' }).notNull(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
    actorId: text('actor_id').notNull(),
    actorRole: text('actor_role').notNull(),
    purpose: text('purpose').notNull(),
    scope: text('scope').notNull(),
    grantId: uuid('grant_id'),
    fields: text('fields').array().notNull(),
    path: text('path').notNull(),
    operationName: text('operation_name'),
    /** The server's id of the request (never the caller's). */
    requestId: text('request_id').notNull(),
    /** What the caller sent as x-request-id, kept apart and labelled as theirs. */
    clientRequestId: text('client_request_id'),
    /** The token's jti. */
    tokenId: text('token_id'),
    /** Who acted through a token issued to someone else (its `act` claim). */
    actedBy: text('acted_by'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [unique('contact_access_log_chain_uq').on(t.borrowerId, t.seq)],
);
