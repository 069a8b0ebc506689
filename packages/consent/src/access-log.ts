import { createHash } from 'node:crypto';
import { and, asc, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import { queryRows, type Db } from '@lending/db';
import { newId, type Role } from '@lending/kernel';
import { contactAccessLogTable } from './schema.js';
import type { AccessPurpose, ContactScope } from './vocabulary.js';

export const GENESIS_HASH = '0'.repeat(64);
export const ACCESS_LOG_PAGE_MAX = 200;
const FIELDS_MAX = 100;

export interface AccessEntry {
  readonly borrowerId: string;
  readonly at: Date;
  readonly actorId: string;
  readonly actorRole: Role;
  readonly purpose: AccessPurpose;
  readonly scope: ContactScope;
  /** null when the borrower read their own data. */
  readonly grantId: string | null;
  /** The fields selected under the contact-data field, e.g. `kind`, `value`. */
  readonly fields: readonly string[];
  /** The response path with aliases, e.g. `borrower.contactPoints`. */
  readonly path: string;
  readonly operationName: string | null;
  /** The server's own id of the request. */
  readonly requestId: string;
  /** The caller's x-request-id, labelled as theirs. */
  readonly clientRequestId?: string | null;
  /** The token's jti. */
  readonly tokenId?: string | null;
  /** Who acted through a token issued to someone else (its `act` claim's sub). */
  readonly actedBy?: string | null;
}

export interface AccessRecord extends AccessEntry {
  readonly id: string;
  readonly seq: bigint;
  readonly prevHash: string;
  readonly hash: string;
}

/** The hash covers every recorded fact and the previous hash, in a fixed order. */
export function hashAccess(prevHash: string, seq: bigint, entry: AccessEntry): string {
  const canonical = JSON.stringify([
    prevHash,
    entry.borrowerId,
    seq.toString(),
    entry.at.toISOString(),
    entry.actorId,
    entry.actorRole,
    entry.purpose,
    entry.scope,
    entry.grantId,
    entry.fields,
    entry.path,
    entry.operationName,
    entry.requestId,
    // Rows written before these facts were recorded hash without them.
    ...(entry.clientRequestId || entry.tokenId || entry.actedBy
      ? [entry.clientRequestId ?? null, entry.tokenId ?? null, entry.actedBy ?? null]
      : []),
  ]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

/** At most this many reads are appended by one statement (the guard's batches are smaller). */
export const ACCESS_APPEND_BATCH_MAX = 500;

/** An access entry as the chain's SQL function takes it: the log's columns, snake_case. */
export function accessEntryJson(id: string, entry: AccessEntry): Record<string, unknown> {
  return {
    id,
    borrower_id: entry.borrowerId,
    at: entry.at.toISOString(),
    actor_id: entry.actorId,
    actor_role: entry.actorRole,
    purpose: entry.purpose,
    scope: entry.scope,
    grant_id: entry.grantId,
    fields: entry.fields.slice(0, FIELDS_MAX),
    path: entry.path,
    operation_name: entry.operationName,
    request_id: entry.requestId,
    client_request_id: entry.clientRequestId ?? null,
    token_id: entry.tokenId ?? null,
    acted_by: entry.actedBy ?? null,
  };
}

/**
 * Appends reads to their borrowers' chains in one statement, inside the
 * caller's transaction if there is one. The SQL function
 * `contact_access_append` (migration 0019) holds each borrower's chain under
 * a transaction-scoped lock, reads its end, computes each row's hash as
 * hashAccess does, and inserts: the chain never forks (the row's
 * (borrower, seq) is unique) and has no gaps; reads of different borrowers do
 * not wait for each other. No row is ever updated, so the application's
 * database role needs no UPDATE on the log.
 */
export async function appendAccesses(
  db: Db,
  entries: readonly AccessEntry[],
): Promise<AccessRecord[]> {
  if (entries.length === 0) return [];
  if (entries.length > ACCESS_APPEND_BATCH_MAX) {
    throw new Error(`at most ${ACCESS_APPEND_BATCH_MAX} access entries per append`);
  }
  const ids = entries.map(() => newId());
  const rows = await queryRows<AccessLogRow>(
    db,
    sql`select * from contact_access_append(${JSON.stringify(
      entries.map((entry, i) => accessEntryJson(ids[i]!, entry)),
    )}::jsonb)`,
  );
  const byId = new Map(rows.map((row) => [row.id, accessRecordFromRow(row)]));
  return ids.map((id) => {
    const record = byId.get(id);
    if (!record) throw new Error('an access entry was not appended');
    return record;
  });
}

/** Appends one read to its borrower's chain (see appendAccesses). */
export async function appendAccess(db: Db, entry: AccessEntry): Promise<AccessRecord> {
  const [record] = await appendAccesses(db, [entry]);
  return record!;
}

/** A row of contact_access_log as raw SQL returns it. */
export interface AccessLogRow extends Record<string, unknown> {
  id: string;
  borrower_id: string;
  seq: bigint | number | string;
  at: Date | string;
  actor_id: string;
  actor_role: string;
  purpose: string;
  scope: string;
  grant_id: string | null;
  fields: string[];
  path: string;
  operation_name: string | null;
  request_id: string;
  client_request_id: string | null;
  token_id: string | null;
  acted_by: string | null;
  prev_hash: string;
  hash: string;
}

export function accessRecordFromRow(row: AccessLogRow): AccessRecord {
  return {
    id: row.id,
    borrowerId: row.borrower_id,
    seq: BigInt(row.seq),
    at: row.at instanceof Date ? row.at : new Date(row.at),
    actorId: row.actor_id,
    actorRole: row.actor_role as Role,
    purpose: row.purpose as AccessPurpose,
    scope: row.scope as ContactScope,
    grantId: row.grant_id,
    fields: row.fields,
    path: row.path,
    operationName: row.operation_name,
    requestId: row.request_id,
    clientRequestId: row.client_request_id,
    tokenId: row.token_id,
    actedBy: row.acted_by,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** Newest first; `beforeSeq` pages further back. */
export async function listAccessLog(
  db: Db,
  borrowerId: string,
  first: number,
  beforeSeq: bigint | null,
): Promise<{ records: AccessRecord[]; hasNextPage: boolean }> {
  const limit = Math.max(0, Math.min(first, ACCESS_LOG_PAGE_MAX));
  const rows = await db
    .select()
    .from(contactAccessLogTable)
    .where(
      and(
        eq(contactAccessLogTable.borrowerId, borrowerId),
        beforeSeq !== null ? lt(contactAccessLogTable.seq, beforeSeq) : undefined,
      ),
    )
    .orderBy(desc(contactAccessLogTable.seq))
    .limit(limit + 1);
  return { records: rows.slice(0, limit).map(toRecord), hasNextPage: rows.length > limit };
}

export async function getAccessRecordsByIds(
  db: Db,
  ids: readonly string[],
): Promise<AccessRecord[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select()
    .from(contactAccessLogTable)
    .where(inArray(contactAccessLogTable.id, [...ids]));
  return rows.map(toRecord);
}

export type ChainVerification =
  | { readonly ok: true; readonly length: number }
  | { readonly ok: false; readonly brokenAtSeq: bigint; readonly reason: string };

/**
 * Recomputes the borrower's chain from the start: an edited, removed or
 * inserted row breaks it. Rows cut off the end, or a whole chain deleted,
 * leave a shorter chain that still verifies here: signed checkpoints of
 * every chain's end (access-log-checkpoint.ts) catch those.
 */
export async function verifyAccessLog(db: Db, borrowerId: string): Promise<ChainVerification> {
  const rows = await db
    .select()
    .from(contactAccessLogTable)
    .where(eq(contactAccessLogTable.borrowerId, borrowerId))
    .orderBy(asc(contactAccessLogTable.seq));
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1n;
  for (const row of rows.map(toRecord)) {
    if (row.seq !== expectedSeq)
      return { ok: false, brokenAtSeq: expectedSeq, reason: 'missing row' };
    if (row.prevHash !== prevHash)
      return { ok: false, brokenAtSeq: row.seq, reason: 'previous hash mismatch' };
    if (hashAccess(prevHash, row.seq, row) !== row.hash) {
      return { ok: false, brokenAtSeq: row.seq, reason: 'content does not match its hash' };
    }
    prevHash = row.hash;
    expectedSeq += 1n;
  }
  return { ok: true, length: rows.length };
}

function toRecord(row: typeof contactAccessLogTable.$inferSelect): AccessRecord {
  return {
    ...row,
    seq: BigInt(row.seq),
    actorRole: row.actorRole as Role,
    purpose: row.purpose as AccessPurpose,
    scope: row.scope as ContactScope,
  };
}

/** The end of each borrower's chain (seq and hash of its last row), for checkpoints. */
export async function accessLogHeads(
  db: Db,
): Promise<{ borrowerId: string; seq: bigint; hash: string }[]> {
  const rows = await queryRows<{ borrower_id: string; seq: string | bigint; hash: string }>(
    db,
    sql`select distinct on (borrower_id) borrower_id, seq, hash
        from contact_access_log order by borrower_id, seq desc`,
  );
  return rows.map((r) => ({ borrowerId: r.borrower_id, seq: BigInt(r.seq), hash: r.hash }));
}
