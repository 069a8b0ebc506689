import { Ctx, Query, Resolver } from 'type-graphql';
import { getBusinessDate } from '@lending/db';
import { ALL_ROLES, DateScalar, Roles, type GraphQLContext } from '@lending/graphql-kit';
import { BusinessDate } from '@lending/kernel';

@Resolver()
export class BusinessDateResolver {
  @Query(() => DateScalar, {
    description: 'The platform business date that close of business advances.',
  })
  @Roles(...ALL_ROLES)
  async businessDate(@Ctx() ctx: GraphQLContext): Promise<BusinessDate> {
    return BusinessDate.parseOrThrow(await getBusinessDate(ctx.db));
  }
}
