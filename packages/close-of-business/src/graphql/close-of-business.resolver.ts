import { Arg, Ctx, Field, InputType, Int, Mutation, ObjectType, Resolver } from 'type-graphql';
import {
  badUserInput,
  DateScalar,
  requireViewer,
  Roles,
  toUserErrors,
  UserError,
  type GraphQLContext,
} from '@lending/graphql-kit';
import { JobState } from '@lending/jobs';
import { JobType } from '@lending/jobs/graphql';
import { BusinessDate, Role } from '@lending/kernel';
import { closeOfBusinessJob, type CloseOfBusinessJobOutput } from '../close-of-business.job.js';
import { checkCloseOfBusinessTarget, CloseOfBusinessError } from '../run.js';

export const COB_MAX_WAIT_SECONDS = 300;

@InputType('RunCloseOfBusinessInput')
export class RunCloseOfBusinessInput {
  @Field(() => DateScalar, {
    description:
      'the business date to move to; every day up to it is closed. Under the CALENDAR business calendar, at most today (see `businessCalendar`)',
  })
  businessDate!: BusinessDate;

  @Field(() => Int, {
    nullable: true,
    defaultValue: 30,
    description: `how long to wait for the job before answering (0 to ${COB_MAX_WAIT_SECONDS} s); the job goes on either way`,
  })
  waitSeconds?: number | null;
}

@ObjectType('RunCloseOfBusinessPayload')
export class RunCloseOfBusinessPayload {
  @Field(() => DateScalar, {
    nullable: true,
    description: 'the business date reached, once the job has finished',
  })
  businessDate!: BusinessDate | null;

  @Field(() => Int, {
    description:
      'loan-days processed by this job; 0 when every day was already closed or it is still running',
  })
  loansProcessed!: number;

  @Field(() => JobType, {
    nullable: true,
    description: 'the job doing the work; watch it with `job(id)`',
  })
  job!: JobType | null;

  @Field(() => [UserError])
  userErrors!: UserError[];
}

@Resolver()
export class CloseOfBusinessResolver {
  @Mutation(() => RunCloseOfBusinessPayload, {
    description:
      'OPS: queues close of business up to a date (one job per date, however many start it) and waits for it.',
  })
  @Roles(Role.OPS)
  async runCloseOfBusiness(
    @Arg('input', () => RunCloseOfBusinessInput) input: RunCloseOfBusinessInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<RunCloseOfBusinessPayload> {
    const viewer = requireViewer(ctx);
    const waitSeconds = input.waitSeconds ?? 30;
    if (!Number.isInteger(waitSeconds) || waitSeconds < 0 || waitSeconds > COB_MAX_WAIT_SECONDS)
      throw badUserInput(`waitSeconds must be 0 to ${COB_MAX_WAIT_SECONDS}.`);
    const payload: RunCloseOfBusinessPayload = Object.assign(new RunCloseOfBusinessPayload(), {
      businessDate: null,
      loansProcessed: 0,
      job: null,
      userErrors: [] as UserError[],
    });
    const { calendar } = ctx.deps.closeOfBusiness;
    const checked = await checkCloseOfBusinessTarget(
      ctx.db,
      ctx.clock,
      input.businessDate,
      calendar,
    );
    if (!checked.ok) return Object.assign(payload, { userErrors: toUserErrors(checked) });

    const date = input.businessDate.toString();
    const queued = await ctx.deps.jobs.enqueue(
      closeOfBusinessJob(calendar),
      { businessDate: date },
      { key: date, requestedBy: viewer.id },
    );
    const job = (await ctx.deps.jobs.waitUntilFinished(queued.id, waitSeconds * 1000)) ?? queued;
    payload.job = JobType.from(job);
    if (job.state === JobState.SUCCEEDED) {
      const output = job.output as unknown as CloseOfBusinessJobOutput;
      payload.businessDate = BusinessDate.parseOrThrow(output.businessDate);
      payload.loansProcessed = output.loansProcessed;
    } else if (job.state === JobState.FAILED || job.state === JobState.CANCELLED) {
      payload.userErrors = [
        UserError.of(
          CloseOfBusinessError.JOB_FAILED,
          `Close of business did not finish: ${job.error ?? job.state.toLowerCase()}.`,
        ),
      ];
    }
    return payload;
  }
}
