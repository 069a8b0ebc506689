import { Extensions } from 'type-graphql';
import { Role, STAFF_ROLES } from '@lending/kernel';
import type { GraphQLContext, Viewer } from './context.js';
import { forbidden, unauthenticated } from './errors.js';

export const ROLES_EXTENSION = 'allowedRoles';

/**
 * Declares which roles may call a Query or Mutation field. The gateway wraps
 * every root field with this check after the schema is built, and refuses to
 * start if a root field does not declare it (deny by default).
 * Ownership (which objects) is checked by the resolver or service.
 */
export function Roles(
  ...roles: [Role, ...Role[]]
): MethodDecorator & ClassDecorator & PropertyDecorator {
  return Extensions({ [ROLES_EXTENSION]: roles });
}

export const ALL_ROLES: [Role, ...Role[]] = [Role.BORROWER, ...STAFF_ROLES];

export function requireViewer(ctx: GraphQLContext): Viewer {
  if (!ctx.viewer) throw unauthenticated();
  return ctx.viewer;
}

/** A borrower sees only themself; staff see borrower records. */
export function canSeeBorrower(viewer: Viewer, borrowerId: string): boolean {
  if (viewer.role === Role.BORROWER) return viewer.borrowerId === borrowerId;
  return STAFF_ROLES.includes(viewer.role);
}

export function assertCanSeeBorrower(ctx: GraphQLContext, borrowerId: string): Viewer {
  const viewer = requireViewer(ctx);
  if (!canSeeBorrower(viewer, borrowerId)) throw forbidden();
  return viewer;
}
