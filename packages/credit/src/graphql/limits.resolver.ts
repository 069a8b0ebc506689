import DataLoader from 'dataloader';
import { Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import {
  assertOwnerOrStaff,
  Roles,
  requireViewer,
  type GraphQLContext,
} from '@lending/graphql-kit';
import { Role } from '@lending/kernel';
import { CreditLineType } from '@lending/ledger/graphql';
import {
  listLimitChangesOfLines,
  runLimitReview,
  type CreditLineReview,
} from '../limits/review.service.js';
import { CREDIT_VIEWERS } from './credit-viewers.js';
import { CreditLimitChangeType, CreditLimitReviewRunType } from './limits.types.js';

const limitChangesLoader = (ctx: GraphQLContext) =>
  ctx.loaders.get(
    'credit.limitChanges',
    () =>
      new DataLoader<string, CreditLineReview[]>(
        async (ids) => {
          const map = await listLimitChangesOfLines(ctx.db, ids);
          return ids.map((id) => map.get(id) ?? []);
        },
        { maxBatchSize: 200 },
      ),
  );

@Resolver(() => CreditLineType)
export class CreditLineLimitResolver {
  @FieldResolver(() => [CreditLimitChangeType], {
    description: 'What limit management changed on this line, and why; newest first.',
  })
  async limitChanges(
    @Root() line: CreditLineType,
    @Ctx() ctx: GraphQLContext,
  ): Promise<CreditLimitChangeType[]> {
    await assertOwnerOrStaff(ctx, line.borrowerId, CREDIT_VIEWERS);
    return (await limitChangesLoader(ctx).load(line.creditLineId)).map((r) =>
      CreditLimitChangeType.from(r),
    );
  }

  @Mutation(() => CreditLimitReviewRunType, {
    description:
      'Re-scores every active and frozen line with the behavioural scorecard and raises, lowers, freezes or unfreezes it by the documented rules; once per line per business date.',
  })
  @Roles(Role.OPS)
  async runCreditLimitReview(@Ctx() ctx: GraphQLContext): Promise<CreditLimitReviewRunType> {
    const viewer = requireViewer(ctx);
    return CreditLimitReviewRunType.from(
      await runLimitReview({ db: ctx.db, clock: ctx.clock }, { id: viewer.id }),
    );
  }
}
