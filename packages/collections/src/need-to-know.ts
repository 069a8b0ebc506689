import type { NeedToKnowRule } from '@lending/consent';
import { Role } from '@lending/kernel';
import { collectorHoldsOpenCase } from './cases.js';

/**
 * Consent's need-to-know for collectors: on top of an active grant, a
 * collector reads a borrower's contact data only while an open case of that
 * borrower is assigned to them. Read at every access, so a resolved or
 * reassigned case ends access on the next read.
 */
export const collectorNeedToKnow: NeedToKnowRule = {
  name: 'collector holds an open case of the borrower',
  appliesTo: (role) => role === Role.COLLECTOR,
  isMet: async (db, { actorId, borrowerId }) =>
    (await collectorHoldsOpenCase(db, actorId, [borrowerId])).has(borrowerId),
};
