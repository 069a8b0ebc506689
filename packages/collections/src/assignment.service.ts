import { eq } from 'drizzle-orm';
import { withTransaction, type Db } from '@lending/db';
import { err, ok, Role, type Clock, type Result } from '@lending/kernel';
import { recordCaseEvent, type CaseActor } from './case-events.js';
import { toCase, type CollectionCase } from './cases.js';
import { CollectionsError } from './errors.js';
import { CaseEvent } from './events.js';
import { collectionCasesTable } from './schema.js';
import { CaseStatus } from './vocabulary.js';

/** A collector's id is a token's `sub`: printable, bounded. */
const COLLECTOR_ID = /^[\x21-\x7e]{1,200}$/;

/**
 * Assigns a case: OPS to any collector; a collector may take an unassigned
 * case for themself only. Reassigning ends the previous collector's access
 * on their next read (need-to-know reads the assignment at each read).
 * Assigning to the current assignee is a no-op.
 */
export async function assignCollectionCase(
  deps: { db: Db; clock: Clock },
  actor: CaseActor,
  input: { caseId: string; collectorId: string },
): Promise<Result<CollectionCase, CollectionsError>> {
  if (!COLLECTOR_ID.test(input.collectorId)) {
    return err(CollectionsError.INVALID_COLLECTOR, 'The collector id is not a valid actor id.', [
      'collectorId',
    ]);
  }
  return withTransaction(deps.db, async (tx) => {
    const [row] = await tx
      .select()
      .from(collectionCasesTable)
      .where(eq(collectionCasesTable.id, input.caseId))
      .for('update');
    if (!row) return err(CollectionsError.CASE_NOT_FOUND, 'No such case.', ['caseId']);
    if (row.status === CaseStatus.RESOLVED) {
      return err(CollectionsError.CASE_RESOLVED, 'This case is resolved.', ['caseId']);
    }
    if (actor.role === Role.COLLECTOR) {
      if (input.collectorId !== actor.id) {
        return err(
          CollectionsError.NOT_ASSIGNABLE,
          'A collector may take a case only for themself.',
          ['collectorId'],
        );
      }
      if (row.assignedTo !== null && row.assignedTo !== actor.id) {
        return err(CollectionsError.NOT_ASSIGNABLE, 'This case is assigned to someone else.', [
          'caseId',
        ]);
      }
    }
    if (row.assignedTo === input.collectorId) return ok(toCase(row));
    const now = deps.clock.now();
    const [updated] = await tx
      .update(collectionCasesTable)
      .set({ assignedTo: input.collectorId, updatedAt: now })
      .where(eq(collectionCasesTable.id, row.id))
      .returning();
    await recordCaseEvent(tx, {
      caseId: row.id,
      borrowerId: row.borrowerId,
      kind: CaseEvent.ASSIGNED,
      actor,
      at: now,
      details: { from: row.assignedTo, to: input.collectorId },
    });
    return ok(toCase(updated!));
  });
}
