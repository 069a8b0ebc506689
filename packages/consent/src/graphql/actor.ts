import { requireViewer, UserError, type GraphQLContext } from '@lending/graphql-kit';
import type { Actor } from '../grants.service.js';

export function actorOf(ctx: GraphQLContext): Actor {
  const viewer = requireViewer(ctx);
  return { id: viewer.id, role: viewer.role, borrowerId: viewer.borrowerId };
}

export function toUserErrors(
  errors: readonly { code: string; message: string; field?: readonly string[] | undefined }[],
): UserError[] {
  return errors.map((e) => UserError.of(e.code, e.message, e.field));
}
