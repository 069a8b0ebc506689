import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeScalar } from '@lending/graphql-kit';
import { toGlobalId } from '@lending/kernel';
import { JobState, type JobView } from '../view.js';

registerEnumType(JobState, {
  name: 'JobState',
  description: 'QUEUED also covers a job waiting for its retry after a failed attempt.',
});

export const JOB_TYPE = 'Job';

@ObjectType('Job', {
  description: 'Batch work run by a worker: close of business, the limit review, message delivery.',
})
export class JobType {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'close-of-business, credit-limit-review, deliver-messages' })
  kind!: string;

  @Field(() => JobState)
  state!: JobState;

  @Field(() => Int, { description: 'items done so far (for close of business: loan-days)' })
  itemsDone!: number;

  @Field(() => Int, { nullable: true, description: 'the items the job expects to do, once known' })
  itemsTotal!: number | null;

  @Field(() => Int, { description: 'attempts started; more than 1 after a retry' })
  attempts!: number;

  @Field(() => DateTimeScalar)
  createdAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  startedAt!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true })
  finishedAt!: Date | null;

  @Field(() => String, { nullable: true, description: "the last attempt's failure" })
  error!: string | null;

  static from(job: JobView): JobType {
    return Object.assign(new JobType(), {
      id: toGlobalId(JOB_TYPE, job.id),
      kind: job.kind,
      state: job.state,
      itemsDone: job.itemsDone,
      itemsTotal: job.itemsTotal,
      attempts: job.attempts,
      createdAt: job.createdAt,
      startedAt: job.startedAt,
      finishedAt: job.finishedAt,
      error: job.error,
    });
  }
}
