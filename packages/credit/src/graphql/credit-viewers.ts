import {
  assertOwnerOrStaff,
  forbidden,
  requireViewer,
  type GraphQLContext,
} from '@lending/graphql-kit';
import { Role } from '@lending/kernel';

/**
 * Who sees a borrower's applications and decisions: the borrower, and the
 * staff who decide and oversee credit. Collectors do not see why someone was
 * lent to; they work from cases.
 */
export const CREDIT_VIEWERS = [Role.BORROWER, Role.UNDERWRITER, Role.OPS, Role.COMPLIANCE] as const;

/** Who applies: a borrower for themself, an underwriter on any borrower's behalf. */
const APPLICANTS = [Role.BORROWER, Role.UNDERWRITER] as const;

export async function assertCanApplyFor(
  ctx: GraphQLContext,
  borrowerId: string | null,
): Promise<void> {
  const viewer = requireViewer(ctx);
  if (borrowerId === null) {
    // No such borrower: an underwriter hears so; a borrower only that it is not theirs.
    if (viewer.role !== Role.UNDERWRITER) throw forbidden('A borrower applies only for themself.');
    return;
  }
  await assertOwnerOrStaff(ctx, borrowerId, APPLICANTS);
}
