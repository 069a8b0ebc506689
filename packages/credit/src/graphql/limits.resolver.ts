import DataLoader from 'dataloader';
import { Arg, Ctx, FieldResolver, Int, Mutation, Resolver, Root } from 'type-graphql';
import {
  assertOwnerOrStaff,
  badUserInput,
  Roles,
  requireViewer,
  type GraphQLContext,
} from '@lending/graphql-kit';
import { Role } from '@lending/kernel';
import { CreditLineType } from '@lending/ledger/graphql';
import { getBusinessDate } from '@lending/db';
import { JobState } from '@lending/jobs';
import { JobType } from '@lending/jobs/graphql';
import { creditLimitReviewJob } from '../limits/limit-review.job.js';
import {
  listLimitChangesOfLines,
  type CreditLineReview,
  type LimitReviewSummary,
} from '../limits/review.service.js';
import { CREDIT_VIEWERS } from './credit-viewers.js';
import { CreditLimitChangeType, CreditLimitReviewRunType } from './limits.types.js';

export const LIMIT_REVIEW_MAX_WAIT_SECONDS = 300;

const NOTHING_YET = {
  reviewed: 0,
  raised: 0,
  lowered: 0,
  frozen: 0,
  unfrozen: 0,
  kept: 0,
  alreadyReviewed: 0,
};

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
  async runCreditLimitReview(
    @Arg('waitSeconds', () => Int, {
      nullable: true,
      defaultValue: 30,
      description: `how long to wait for the job before answering (0 to ${LIMIT_REVIEW_MAX_WAIT_SECONDS} s); counts are 0 until it has finished`,
    })
    waitSeconds: number | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<CreditLimitReviewRunType> {
    const viewer = requireViewer(ctx);
    const wait = waitSeconds ?? 30;
    if (!Number.isInteger(wait) || wait < 0 || wait > LIMIT_REVIEW_MAX_WAIT_SECONDS)
      throw badUserInput(`waitSeconds must be 0 to ${LIMIT_REVIEW_MAX_WAIT_SECONDS}.`);
    // One review per business date, however many start it.
    const asOf = await getBusinessDate(ctx.db);
    const queued = await ctx.deps.jobs.enqueue(
      creditLimitReviewJob,
      { requestedBy: viewer.id },
      { key: asOf, requestedBy: viewer.id },
    );
    const job = (await ctx.deps.jobs.waitUntilFinished(queued.id, wait * 1000)) ?? queued;
    const summary =
      job.state === JobState.SUCCEEDED
        ? (job.output as unknown as LimitReviewSummary)
        : { ...NOTHING_YET, businessDate: asOf };
    return Object.assign(CreditLimitReviewRunType.from(summary), { job: JobType.from(job) });
  }
}
