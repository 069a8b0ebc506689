import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { BorrowerType, fetchBorrower } from '@lending/borrowers/graphql';
import { assertOwnerOrStaff, notFound, Roles, type GraphQLContext } from '@lending/graphql-kit';
import { fromGlobalIdOfType } from '@lending/kernel';
import { LEDGER_VIEWERS } from './ledger-viewers.js';
import { CREDIT_LINE_TYPE, CreditLineType, LoanType } from './ledger.types.js';
import { creditLineLoader, loansOfCreditLineLoader } from './loaders.js';

export async function fetchCreditLine(
  ctx: GraphQLContext,
  id: string,
): Promise<CreditLineType | null> {
  const line = await creditLineLoader(ctx).load(id);
  if (!line) return null;
  await assertOwnerOrStaff(ctx, line.borrowerId, LEDGER_VIEWERS);
  return CreditLineType.from(line);
}

@Resolver(() => CreditLineType)
export class CreditLineResolver {
  @Query(() => CreditLineType, { nullable: true })
  @Roles(...LEDGER_VIEWERS)
  async creditLine(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<CreditLineType> {
    const localId = fromGlobalIdOfType(id, CREDIT_LINE_TYPE);
    const line = localId ? await fetchCreditLine(ctx, localId) : null;
    if (!line) throw notFound();
    return line;
  }

  @FieldResolver(() => BorrowerType)
  async borrower(@Root() line: CreditLineType, @Ctx() ctx: GraphQLContext): Promise<BorrowerType> {
    return fetchBorrower(ctx, line.borrowerId);
  }

  @FieldResolver(() => [LoanType])
  async loans(@Root() line: CreditLineType, @Ctx() ctx: GraphQLContext): Promise<LoanType[]> {
    return (await loansOfCreditLineLoader(ctx).load(line.creditLineId)).map((l) =>
      LoanType.from(l),
    );
  }
}
