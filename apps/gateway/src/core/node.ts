import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import { ALL_ROLES, Node, Roles, notFound, type GraphQLContext } from '@lending/graphql-kit';
import { fromGlobalId } from '@lending/kernel';

@Resolver()
export class NodeResolver {
  @Query(() => Node, { nullable: true, description: 'Any object by its global id.' })
  @Roles(...ALL_ROLES)
  async node(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<object> {
    const decoded = fromGlobalId(id);
    const fetch = decoded ? ctx.nodeFetchers.get(decoded.type) : undefined;
    if (!decoded || !fetch) throw notFound();
    // The owning module authorizes: node(id:) is never a side door.
    const found = await fetch(ctx, decoded.id);
    if (!found) throw notFound();
    return found;
  }
}
