import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { BorrowerType } from '@lending/borrowers/graphql';
import { assertOwnerOrStaff, type GraphQLContext } from '@lending/graphql-kit';
import { listContactPreferences } from '../preferences.service.js';
import { canSeeCase, CASE_VIEWERS } from './case-viewers.js';
import { CollectionCaseType, ContactPreferenceType } from './collections.types.js';
import { casesOfBorrowerLoader } from './loaders.js';

/** A borrower's cases and contact preferences, on the Borrower type. */
@Resolver(() => BorrowerType)
export class BorrowerCollectionsResolver {
  @FieldResolver(() => [CollectionCaseType], {
    description:
      'the borrower sees their own cases, attempts included; a collector only those in their queue',
  })
  async collectionCases(
    @Root() borrower: BorrowerType,
    @Ctx() ctx: GraphQLContext,
  ): Promise<CollectionCaseType[]> {
    await assertOwnerOrStaff(ctx, borrower.borrowerId, CASE_VIEWERS);
    return (await casesOfBorrowerLoader(ctx).load(borrower.borrowerId))
      .filter((c) => canSeeCase(ctx, c))
      .map((c) => CollectionCaseType.from(c));
  }

  @FieldResolver(() => [ContactPreferenceType], {
    description: 'each channel: opted out of collections contact or not',
  })
  async contactPreferences(
    @Root() borrower: BorrowerType,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ContactPreferenceType[]> {
    await assertOwnerOrStaff(ctx, borrower.borrowerId, CASE_VIEWERS);
    const all = await listContactPreferences(ctx.db, [
      { id: borrower.borrowerId, createdAt: borrower.createdAt },
    ]);
    return (all.get(borrower.borrowerId) ?? []).map((p) =>
      Object.assign(new ContactPreferenceType(), p),
    );
  }
}
