import { and, asc, desc, eq, inArray, ne, or, sql, isNull, type SQL } from 'drizzle-orm';
import type { Db } from '@lending/db';
import { CASE_EVENT_ORDER } from './events.js';
import { BusinessDate, Money } from '@lending/kernel';
import {
  collectionCaseBucketsTable,
  collectionCaseEventsTable,
  collectionCasesTable,
} from './schema.js';
import { CaseStatus, type CaseResolution, type DelinquencyBucket } from './vocabulary.js';

export interface CollectionCase {
  readonly id: string;
  readonly borrowerId: string;
  readonly loanId: string;
  readonly status: CaseStatus;
  readonly bucket: DelinquencyBucket;
  readonly daysPastDue: number;
  readonly amountOverdue: Money;
  readonly assignedTo: string | null;
  readonly brokenPromises: number;
  readonly lastContactAt: Date | null;
  readonly openedOn: BusinessDate;
  readonly openedAt: Date;
  readonly resolvedOn: BusinessDate | null;
  /** The instant it was resolved: the repayment's, or close of business's (null for cases resolved before it was kept). */
  readonly resolvedAt: Date | null;
  readonly resolution: CaseResolution | null;
  /** The queue's order, as stored: bucket rank, amount overdue, broken promises. */
  readonly bucketRank: number;
  readonly amountOverdueMinor: bigint;
}

export function toCase(row: typeof collectionCasesTable.$inferSelect): CollectionCase {
  return {
    id: row.id,
    borrowerId: row.borrowerId,
    loanId: row.loanId,
    status: row.status as CaseStatus,
    bucket: row.bucket as DelinquencyBucket,
    daysPastDue: row.daysPastDue,
    amountOverdue: Money.of(BigInt(row.amountOverdueMinor), row.currency),
    assignedTo: row.assignedTo,
    brokenPromises: row.brokenPromises,
    lastContactAt: row.lastContactAt,
    openedOn: BusinessDate.parseOrThrow(row.openedOn),
    openedAt: row.openedAt,
    resolvedOn: row.resolvedOn ? BusinessDate.parseOrThrow(row.resolvedOn) : null,
    resolvedAt: row.resolvedAt,
    resolution: row.resolution as CaseResolution | null,
    bucketRank: row.bucketRank,
    amountOverdueMinor: BigInt(row.amountOverdueMinor),
  };
}

export async function getCasesByIds(
  db: Db,
  ids: readonly string[],
): Promise<(CollectionCase | null)[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select()
    .from(collectionCasesTable)
    .where(inArray(collectionCasesTable.id, [...ids]));
  const byId = new Map(rows.map((r) => [r.id, toCase(r)]));
  return ids.map((id) => byId.get(id) ?? null);
}

/** Each borrower's cases, newest first. */
export async function listCasesOfBorrowers(
  db: Db,
  borrowerIds: readonly string[],
): Promise<Map<string, CollectionCase[]>> {
  const result = new Map<string, CollectionCase[]>(borrowerIds.map((id) => [id, []]));
  if (borrowerIds.length === 0) return result;
  const rows = await db
    .select()
    .from(collectionCasesTable)
    .where(inArray(collectionCasesTable.borrowerId, [...borrowerIds]))
    .orderBy(desc(collectionCasesTable.openedAt), desc(collectionCasesTable.id));
  for (const row of rows) result.get(row.borrowerId)?.push(toCase(row));
  return result;
}

/**
 * Whether `collectorId` holds an open case of each borrower: the need-to-know
 * of a collector, for contact data (consent's guard) and borrower records.
 * With `orUnassigned`, an unassigned open case of the borrower counts too:
 * a collector sees the records of the cases in their queue.
 */
export async function collectorHoldsOpenCase(
  db: Db,
  collectorId: string,
  borrowerIds: readonly string[],
  options: { orUnassigned?: boolean } = {},
): Promise<Set<string>> {
  if (borrowerIds.length === 0) return new Set();
  const holder = options.orUnassigned
    ? or(eq(collectionCasesTable.assignedTo, collectorId), isNull(collectionCasesTable.assignedTo))
    : eq(collectionCasesTable.assignedTo, collectorId);
  const rows = await db
    .selectDistinct({ borrowerId: collectionCasesTable.borrowerId })
    .from(collectionCasesTable)
    .where(
      and(
        inArray(collectionCasesTable.borrowerId, [...borrowerIds]),
        ne(collectionCasesTable.status, CaseStatus.RESOLVED),
        holder,
      ),
    );
  return new Set(rows.map((r) => r.borrowerId));
}

export const QUEUE_PAGE_MAX = 100;

/** The queue's sort key of a case, as the cursor carries it. */
export interface QueueKey {
  readonly bucketRank: bigint;
  readonly amountOverdueMinor: bigint;
  readonly brokenPromises: bigint;
  readonly contactKey: bigint;
  readonly id: string;
}

/**
 * Longest since the last contact first, never contacted first of all: the
 * stored contact_key is CONTACT_KEY_BASE minus the epoch milliseconds of the
 * last contact (CONTACT_KEY_BASE itself for never), so that, like the other
 * keys, larger comes first; it stays positive until the year 2286.
 */
export const CONTACT_KEY_BASE = 10_000_000_000_000n;

export function contactKeyOf(lastContactAt: Date | null): bigint {
  return lastContactAt ? CONTACT_KEY_BASE - BigInt(lastContactAt.getTime()) : CONTACT_KEY_BASE;
}

export function queueKeyOf(c: CollectionCase): QueueKey {
  return {
    bucketRank: BigInt(c.bucketRank),
    amountOverdueMinor: c.amountOverdueMinor,
    brokenPromises: BigInt(c.brokenPromises),
    contactKey: contactKeyOf(c.lastContactAt),
    id: c.id,
  };
}

/**
 * Open cases in priority order: worst bucket first, then the most overdue
 * (in minor units of each case's currency), then the most broken promises,
 * then the longest since the last contact (never contacted first), then id.
 * A collector sees the cases assigned to them and the unassigned ones;
 * `visibleTo: null` means every open case (OPS, COMPLIANCE).
 */
export async function listQueue(
  db: Db,
  options: {
    readonly visibleTo: string | null;
    readonly bucket: DelinquencyBucket | null;
    readonly first: number;
    readonly after: QueueKey | null;
  },
): Promise<{ cases: CollectionCase[]; hasNextPage: boolean }> {
  const c = collectionCasesTable;
  const limit = Math.max(0, Math.min(options.first, QUEUE_PAGE_MAX));
  const conditions: (SQL | undefined)[] = [
    ne(c.status, CaseStatus.RESOLVED),
    options.bucket ? eq(c.bucket, options.bucket) : undefined,
    options.visibleTo === null
      ? undefined
      : or(eq(c.assignedTo, options.visibleTo), isNull(c.assignedTo)),
  ];
  if (options.after) {
    const a = options.after;
    conditions.push(
      // Parameters cast to the columns' types: the comparison is then the index's range.
      sql`(${c.bucketRank}, ${c.amountOverdueMinor}, ${c.brokenPromises}, ${c.contactKey}, ${c.id})
        < (${a.bucketRank}::smallint, ${a.amountOverdueMinor}::bigint, ${a.brokenPromises}::int, ${a.contactKey}::bigint, ${a.id}::uuid)`,
    );
  }
  const rows = await db
    .select()
    .from(c)
    .where(and(...conditions))
    // NULLS LAST as the index is declared (plain DESC means NULLS FIRST, which it cannot give).
    .orderBy(
      sql`${c.bucketRank} desc nulls last`,
      sql`${c.amountOverdueMinor} desc nulls last`,
      sql`${c.brokenPromises} desc nulls last`,
      sql`${c.contactKey} desc nulls last`,
      sql`${c.id} desc nulls last`,
    )
    .limit(limit + 1);
  return { cases: rows.slice(0, limit).map(toCase), hasNextPage: rows.length > limit };
}

export interface CaseBucketSpan {
  readonly bucket: DelinquencyBucket;
  readonly from: BusinessDate;
  readonly to: BusinessDate | null;
}

export async function listBucketHistory(
  db: Db,
  caseIds: readonly string[],
): Promise<Map<string, CaseBucketSpan[]>> {
  const result = new Map<string, CaseBucketSpan[]>(caseIds.map((id) => [id, []]));
  if (caseIds.length === 0) return result;
  const rows = await db
    .select()
    .from(collectionCaseBucketsTable)
    .where(inArray(collectionCaseBucketsTable.caseId, [...caseIds]))
    .orderBy(asc(collectionCaseBucketsTable.fromDate));
  for (const r of rows) {
    result.get(r.caseId)?.push({
      bucket: r.bucket as DelinquencyBucket,
      from: BusinessDate.parseOrThrow(r.fromDate),
      to: r.toDate ? BusinessDate.parseOrThrow(r.toDate) : null,
    });
  }
  return result;
}

export interface CaseEventRecord {
  readonly kind: string;
  readonly actorId: string;
  readonly actorRole: string | null;
  readonly at: Date;
  readonly businessDate: BusinessDate;
  readonly reason: string | null;
  readonly details: Record<string, string | number | boolean | null> | null;
}

export async function listCaseEvents(
  db: Db,
  caseIds: readonly string[],
): Promise<Map<string, CaseEventRecord[]>> {
  const result = new Map<string, CaseEventRecord[]>(caseIds.map((id) => [id, []]));
  if (caseIds.length === 0) return result;
  const rows = await db
    .select()
    .from(collectionCaseEventsTable)
    .where(inArray(collectionCaseEventsTable.caseId, [...caseIds]))
    .orderBy(
      asc(collectionCaseEventsTable.at),
      sql`array_position(array[${sql.join(
        CASE_EVENT_ORDER.map((k) => sql`${k}::text`),
        sql`, `,
      )}], ${collectionCaseEventsTable.kind})`,
      asc(collectionCaseEventsTable.id),
    );
  for (const r of rows) {
    result.get(r.caseId)?.push({
      kind: r.kind,
      actorId: r.actorId,
      actorRole: r.actorRole,
      at: r.at,
      businessDate: BusinessDate.parseOrThrow(r.businessDate),
      reason: r.reason,
      details: r.details ?? null,
    });
  }
  return result;
}
