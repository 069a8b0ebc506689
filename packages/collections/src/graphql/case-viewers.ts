import { forbidden, requireViewer, type GraphQLContext } from '@lending/graphql-kit';
import { Role } from '@lending/kernel';
import type { CollectionCase } from '../cases.js';
import { CaseStatus } from '../vocabulary.js';

/** Who works cases: collectors on theirs, OPS on all, COMPLIANCE reviews all. */
export const CASE_STAFF = [Role.COLLECTOR, Role.OPS, Role.COMPLIANCE] as const;
export const CASE_VIEWERS = [Role.BORROWER, ...CASE_STAFF] as const;

/**
 * Who sees a case: the borrower their own; OPS and COMPLIANCE every case; a
 * collector the open cases assigned to them and the unassigned ones (their
 * queue), never another collector's.
 */
export function canSeeCase(ctx: GraphQLContext, c: CollectionCase): boolean {
  const viewer = requireViewer(ctx);
  switch (viewer.role) {
    case Role.BORROWER:
      return viewer.borrowerId === c.borrowerId;
    case Role.OPS:
    case Role.COMPLIANCE:
      return true;
    case Role.COLLECTOR:
      return (
        c.status !== CaseStatus.RESOLVED && (c.assignedTo === null || c.assignedTo === viewer.id)
      );
    case Role.UNDERWRITER:
      return false;
  }
}

export function assertCanSeeCase(ctx: GraphQLContext, c: CollectionCase): void {
  if (!canSeeCase(ctx, c)) throw forbidden();
}
