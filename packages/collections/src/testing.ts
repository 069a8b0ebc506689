import type { Db } from '@lending/db';
import { newId } from '@lending/kernel';
import { bucketOf, bucketRank } from './buckets.js';
import { toCase, type CollectionCase } from './cases.js';
import { collectionCasesTable } from './schema.js';
import { CaseStatus } from './vocabulary.js';

/**
 * An open case for tests that need one without walking a loan into arrears
 * (the need-to-know of collectors): by default assigned to `collector-1`,
 * 10 days past due, on a loan id that need not exist.
 */
export async function caseFactory(
  db: Db,
  options: {
    readonly borrowerId: string;
    readonly loanId?: string;
    readonly assignedTo?: string | null;
    readonly daysPastDue?: number;
    readonly status?: CaseStatus;
    readonly amountOverdueMinor?: bigint;
    readonly openedOn?: string;
  },
): Promise<CollectionCase> {
  const dpd = options.daysPastDue ?? 10;
  const now = new Date('2026-01-15T09:00:00Z');
  const resolved = options.status === CaseStatus.RESOLVED;
  const [row] = await db
    .insert(collectionCasesTable)
    .values({
      id: newId(),
      borrowerId: options.borrowerId,
      loanId: options.loanId ?? newId(),
      currency: 'CNY',
      status: options.status ?? CaseStatus.OPEN,
      bucket: bucketOf(dpd),
      bucketRank: bucketRank(bucketOf(dpd)),
      daysPastDue: dpd,
      amountOverdueMinor: options.amountOverdueMinor ?? 100_000n,
      assignedTo: options.assignedTo === undefined ? 'collector-1' : options.assignedTo,
      openedOn: options.openedOn ?? '2026-01-05',
      openedAt: now,
      resolvedOn: resolved ? '2026-01-15' : null,
      resolution: resolved ? 'CURED' : null,
      updatedAt: now,
    })
    .returning();
  return toCase(row!);
}
