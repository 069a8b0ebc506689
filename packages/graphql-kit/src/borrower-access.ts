import { Role } from '@lending/kernel';
import type { GraphQLContext, Viewer } from './context.js';
import { forbidden, unauthenticated } from './errors.js';

/**
 * How a viewer of each role relates to a borrower, whatever the data:
 * a borrower is related to themself only; staff who work on every account
 * to every borrower; a collector to the borrowers of the open cases in their
 * queue (assigned to them, or unassigned), as collections answers it. Which
 * roles may see a given kind of data (the ledger, credit decisions, cases)
 * is the caller's `roles`; this table says which borrowers a role's viewer
 * is related to.
 */
export type BorrowerRelation = (
  ctx: GraphQLContext,
  viewer: Viewer,
  borrowerId: string,
) => boolean | Promise<boolean>;

export const BORROWER_RELATION: Readonly<Record<Role, BorrowerRelation>> = {
  [Role.BORROWER]: (_ctx, viewer, borrowerId) => viewer.borrowerId === borrowerId,
  [Role.OPS]: () => true,
  [Role.UNDERWRITER]: () => true,
  [Role.COMPLIANCE]: () => true,
  [Role.COLLECTOR]: (ctx, viewer, borrowerId) =>
    ctx.collectorAssignments.canSeeBorrower(viewer.id, borrowerId),
};

export function requireViewer(ctx: GraphQLContext): Viewer {
  if (!ctx.viewer) throw unauthenticated();
  return ctx.viewer;
}

/** Whether the viewer may see this borrower's data that `roles` may see. */
export async function isOwnerOrStaff(
  ctx: GraphQLContext,
  borrowerId: string,
  roles: readonly Role[],
): Promise<boolean> {
  const viewer = ctx.viewer;
  if (!viewer || !roles.includes(viewer.role)) return false;
  return BORROWER_RELATION[viewer.role](ctx, viewer, borrowerId);
}

/**
 * The one check of who sees a borrower's data: the viewer's role is one of
 * `roles` (BORROWER meaning the borrower themself) and the role's relation
 * to this borrower holds. Throws FORBIDDEN otherwise.
 */
export async function assertOwnerOrStaff(
  ctx: GraphQLContext,
  borrowerId: string,
  roles: readonly Role[],
): Promise<Viewer> {
  const viewer = requireViewer(ctx);
  if (!(await isOwnerOrStaff(ctx, borrowerId, roles))) throw forbidden();
  return viewer;
}
