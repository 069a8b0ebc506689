import { Extensions } from 'type-graphql';
import { Role, STAFF_ROLES } from '@lending/kernel';

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
