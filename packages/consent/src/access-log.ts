import { createHash } from 'node:crypto';
import { and, asc, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import { isUniqueViolation, queryRows, type Db } from '@lending/db';
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

/** How many times an append retries when another append of the same borrower took its place. */
const APPEND_ATTEMPTS = 20;

/**
 * Appends one read to the borrower's chain, inside the caller's transaction
 * (the guard's, which also holds the grant it relied on). Insert-only: the
 * row's (borrower, seq) is unique, so two concurrent reads of one borrower
 * cannot both take the same place — the second waits for the first, fails on
 * the unique key inside its own savepoint, reads the new end and tries again.
 * The chain never forks and has no gaps; reads of different borrowers do not
 * touch each other. No row is ever updated, so the application's database
 * role needs no UPDATE on the log.
 */
export async function appendAccess(db: Db, entry: AccessEntry): Promise<AccessRecord> {
  const fields = entry.fields.slice(0, FIELDS_MAX);
  const normal: AccessEntry = { ...entry, fields };
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(async (sp) => {
        const [last] = await sp
          .select({ seq: contactAccessLogTable.seq, hash: contactAccessLogTable.hash })
          .from(contactAccessLogTable)
          .where(eq(contactAccessLogTable.borrowerId, entry.borrowerId))
          .orderBy(desc(contactAccessLogTable.seq))
          .limit(1);
        const seq = (last ? BigInt(last.seq) : 0n) + 1n;
        const prevHash = last?.hash ?? GENESIS_HASH;
        const hash = hashAccess(prevHash, seq, normal);
        const record: AccessRecord = { ...normal, id: newId(), seq, prevHash, hash };
        await sp.insert(contactAccessLogTable).values({
          ...record,
          fields: [...fields],
          clientRequestId: normal.clientRequestId ?? null,
          tokenId: normal.tokenId ?? null,
          actedBy: normal.actedBy ?? null,
        });
        return record;
      });
    } catch (error) {
      if (attempt >= APPEND_ATTEMPTS || !isUniqueViolation(error)) throw error;
    }
  }
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
