import { forbidden, requireViewer, type GraphQLContext } from '@lending/graphql-kit';
import { Role } from '@lending/kernel';

/**
 * Who sees a borrower's applications and decisions: the borrower, and the
 * staff who decide and oversee credit. Collectors do not see why someone was
 * lent to; they work from cases.
 */
export const CREDIT_STAFF: readonly Role[] = [Role.UNDERWRITER, Role.OPS, Role.COMPLIANCE];

export function assertCanSeeApplicationsOf(ctx: GraphQLContext, borrowerId: string): void {
  const viewer = requireViewer(ctx);
  const allowed =
    viewer.role === Role.BORROWER
      ? viewer.borrowerId === borrowerId
      : CREDIT_STAFF.includes(viewer.role);
  if (!allowed) throw forbidden();
}

/** A borrower applies for themself; an underwriter may apply on any borrower's behalf. */
export function assertCanApplyFor(ctx: GraphQLContext, borrowerId: string | null): void {
  const viewer = requireViewer(ctx);
  if (viewer.role === Role.UNDERWRITER) return;
  if (viewer.role === Role.BORROWER && borrowerId !== null && viewer.borrowerId === borrowerId)
    return;
  throw forbidden('A borrower applies only for themself.');
}
