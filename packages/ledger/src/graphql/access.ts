import { forbidden, requireViewer, type GraphQLContext } from '@lending/graphql-kit';
import { Role } from '@lending/kernel';

/**
 * Who sees a borrower's credit lines and loans: the borrower, and the staff
 * who work on accounts. Collectors reach loans through their assigned cases
 * (collections), not directly.
 */
const LEDGER_STAFF: readonly Role[] = [Role.OPS, Role.UNDERWRITER, Role.COMPLIANCE];

export function assertCanSeeLedgerOf(ctx: GraphQLContext, borrowerId: string): void {
  const viewer = requireViewer(ctx);
  const allowed =
    viewer.role === Role.BORROWER
      ? viewer.borrowerId === borrowerId
      : LEDGER_STAFF.includes(viewer.role);
  if (!allowed) throw forbidden();
}
