import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateScalar, DateTimeScalar, MoneyType } from '@lending/graphql-kit';
import { BusinessDate } from '@lending/kernel';
import { JobType } from '@lending/jobs/graphql';
import type { CreditLineReview, LimitReviewSummary } from '../limits/review.service.js';
import { LimitAction } from '../limits/rules.js';
import { DecisionReasonType } from './credit.types.js';

registerEnumType(LimitAction, { name: 'CreditLimitAction' });

@ObjectType('CreditLimitChange', {
  description:
    'A change limit management made to a line, with the behavioural score and reasons behind it.',
})
export class CreditLimitChangeType {
  @Field(() => LimitAction)
  action!: LimitAction;

  @Field(() => DateScalar)
  businessDate!: BusinessDate;

  @Field(() => MoneyType)
  limitBefore!: MoneyType;

  @Field(() => MoneyType)
  limitAfter!: MoneyType;

  @Field(() => String)
  statusBefore!: string;

  @Field(() => String)
  statusAfter!: string;

  @Field(() => Int)
  score!: number;

  @Field(() => String, { description: 'decimal string' })
  probabilityOfDefault!: string;

  @Field(() => String, {
    nullable: true,
    description:
      'The challenger model that scored the same inputs beside the champion (`modelVersion`) and decided nothing; null for reviews before it existed.',
  })
  challengerModelVersion!: string | null;

  @Field(() => String, {
    nullable: true,
    description: "decimal string: the challenger's probability of default, recorded for comparison",
  })
  challengerProbabilityOfDefault!: string | null;

  @Field(() => String)
  riskGrade!: string;

  @Field(() => String)
  modelVersion!: string;

  @Field(() => [DecisionReasonType], {
    description: 'The rule applied first, then what cost the most points.',
  })
  reasons!: DecisionReasonType[];

  @Field(() => DateTimeScalar)
  reviewedAt!: Date;

  static from(review: CreditLineReview): CreditLimitChangeType {
    return Object.assign(new CreditLimitChangeType(), {
      ...review,
      businessDate: BusinessDate.parseOrThrow(review.businessDate),
      limitBefore: MoneyType.from(review.limitBefore),
      limitAfter: MoneyType.from(review.limitAfter),
      reasons: review.reasons.map((r) => Object.assign(new DecisionReasonType(), r)),
    });
  }
}

@ObjectType('CreditLimitReviewRun')
export class CreditLimitReviewRunType {
  @Field(() => DateScalar)
  businessDate!: BusinessDate;

  @Field(() => Int)
  reviewed!: number;

  @Field(() => Int)
  raised!: number;

  @Field(() => Int)
  lowered!: number;

  @Field(() => Int)
  frozen!: number;

  @Field(() => Int)
  unfrozen!: number;

  @Field(() => Int)
  kept!: number;

  @Field(() => Int, {
    description: 'Lines already reviewed on this business date; a re-run leaves them be.',
  })
  alreadyReviewed!: number;

  @Field(() => JobType, {
    nullable: true,
    description: 'the job doing the review; the counts are 0 until it has succeeded',
  })
  job!: JobType | null;

  static from(summary: LimitReviewSummary): CreditLimitReviewRunType {
    return Object.assign(new CreditLimitReviewRunType(), {
      job: null,
      ...summary,
      businessDate: BusinessDate.parseOrThrow(summary.businessDate),
    });
  }
}
