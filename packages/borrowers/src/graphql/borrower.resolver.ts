import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import {
  ALL_ROLES,
  Roles,
  assertOwnerOrStaff,
  notFound,
  type GraphQLContext,
} from '@lending/graphql-kit';
import { fromGlobalIdOfType } from '@lending/kernel';
import { borrowerLoader } from './borrower.loader.js';
import { BORROWER_TYPE, BorrowerType } from './borrower.type.js';

/** Ownership is decided from the id alone, before any read, so a denial reveals nothing. */
export async function fetchBorrower(
  ctx: GraphQLContext,
  borrowerId: string,
): Promise<BorrowerType> {
  await assertOwnerOrStaff(ctx, borrowerId, ALL_ROLES);
  const borrower = await borrowerLoader(ctx).load(borrowerId);
  if (!borrower) throw notFound();
  return BorrowerType.from(borrower);
}

@Resolver(() => BorrowerType)
export class BorrowerResolver {
  @Query(() => BorrowerType, { nullable: true })
  @Roles(...ALL_ROLES)
  async borrower(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<BorrowerType> {
    const borrowerId = fromGlobalIdOfType(id, BORROWER_TYPE);
    if (!borrowerId) throw notFound();
    return fetchBorrower(ctx, borrowerId);
  }
}
