import { sql } from 'drizzle-orm';
import type { NeedToKnowRule } from '@lending/consent';
import { Role } from '@lending/kernel';
import { collectorHoldsOpenCase } from './cases.js';
import { collectionCasesTable } from './schema.js';
import { CaseStatus } from './vocabulary.js';

/**
 * Consent's need-to-know for collectors: on top of an active grant, a
 * collector reads a borrower's contact data only while an open case of that
 * borrower is assigned to them. Read at every access, so a resolved or
 * reassigned case ends access on the next read. The guard checks `condition`
 * inside its one statement; `isMet` is the same rule for a single read in code.
 */
export const collectorNeedToKnow: NeedToKnowRule = {
  name: 'collector holds an open case of the borrower',
  appliesTo: (role) => role === Role.COLLECTOR,
  condition: ({ actorId, borrowerId }) =>
    sql`exists (select 1 from ${collectionCasesTable}
      where ${collectionCasesTable.borrowerId} = ${borrowerId}
        and ${collectionCasesTable.status} <> ${sql.raw(`'${CaseStatus.RESOLVED}'`)}
        and ${collectionCasesTable.assignedTo} = ${actorId})`,
  isMet: async (db, { actorId, borrowerId }) =>
    (await collectorHoldsOpenCase(db, actorId, [borrowerId])).has(borrowerId),
};
