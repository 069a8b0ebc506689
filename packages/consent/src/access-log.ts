import { createHash } from 'node:crypto';
import { and, asc, desc, eq, inArray, lt } from 'drizzle-orm';
import { withTransaction, type Db } from '@lending/db';
import { newId, type Role } from '@lending/kernel';
import { contactAccessChainHeadsTable, contactAccessLogTable } from './schema.js';
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
  readonly requestId: string;
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
  ]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

/**
 * Appends one read to the borrower's chain. The chain head row is locked for
 * the append, so concurrent reads of one borrower queue here and never fork
 * the chain; reads of different borrowers do not touch each other.
 */
export async function appendAccess(db: Db, entry: AccessEntry): Promise<AccessRecord> {
  const fields = entry.fields.slice(0, FIELDS_MAX);
  const normal: AccessEntry = { ...entry, fields };
  return withTransaction(db, async (tx) => {
    await tx
      .insert(contactAccessChainHeadsTable)
      .values({ borrowerId: entry.borrowerId, seq: 0n, hash: GENESIS_HASH })
      .onConflictDoNothing();
    const [head] = await tx
      .select()
      .from(contactAccessChainHeadsTable)
      .where(eq(contactAccessChainHeadsTable.borrowerId, entry.borrowerId))
      .for('update');
    if (!head) throw new Error('access chain head missing after insert');
    const seq = BigInt(head.seq) + 1n;
    const hash = hashAccess(head.hash, seq, normal);
    const record: AccessRecord = { ...normal, id: newId(), seq, prevHash: head.hash, hash };
    await tx.insert(contactAccessLogTable).values({ ...record, fields: [...fields] });
    await tx
      .update(contactAccessChainHeadsTable)
      .set({ seq, hash })
      .where(eq(contactAccessChainHeadsTable.borrowerId, entry.borrowerId));
    return record;
  });
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

/** Recomputes the borrower's chain from the start: any edited, removed or inserted row breaks it. */
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
  const [head] = await db
    .select()
    .from(contactAccessChainHeadsTable)
    .where(eq(contactAccessChainHeadsTable.borrowerId, borrowerId));
  if ((head?.hash ?? GENESIS_HASH) !== prevHash) {
    return { ok: false, brokenAtSeq: expectedSeq, reason: 'rows missing at the end of the chain' };
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
