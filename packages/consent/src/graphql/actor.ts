import { requireViewer, type GraphQLContext } from '@lending/graphql-kit';
import type { Actor } from '../grants.service.js';

export function actorOf(ctx: GraphQLContext): Actor {
  const viewer = requireViewer(ctx);
  return { id: viewer.id, role: viewer.role, borrowerId: viewer.borrowerId };
}
