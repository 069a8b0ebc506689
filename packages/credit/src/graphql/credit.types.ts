import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeScalar, MoneyInput, MoneyType, Node, UserError } from '@lending/graphql-kit';
import { toGlobalId } from '@lending/kernel';
import { CreditLineType } from '@lending/ledger/graphql';
import type { CreditApplication } from '../application.queries.js';
import { ApplicationStatus } from '../decision/decide.js';
import { RiskGrade } from '../decision/policy.js';

registerEnumType(ApplicationStatus, { name: 'ApplicationStatus' });
registerEnumType(RiskGrade, { name: 'RiskGrade' });

export const CREDIT_APPLICATION_TYPE = 'CreditApplication';

@ObjectType('DecisionReason')
export class DecisionReasonType {
  @Field(() => String)
  code!: string;

  @Field(() => String, { description: 'One plain-language sentence the applicant can act on.' })
  description!: string;
}

@ObjectType('CreditDecision')
export class CreditDecisionType {
  @Field(() => ApplicationStatus, { description: 'What the policy and the model decided.' })
  outcome!: ApplicationStatus;

  @Field(() => Int)
  score!: number;

  @Field(() => String, { description: 'decimal string' })
  probabilityOfDefault!: string;

  @Field(() => String, {
    nullable: true,
    description:
      'The challenger model that scored the same inputs beside the champion (`modelVersion`) and decided nothing; null for decisions before it existed.',
  })
  challengerModelVersion!: string | null;

  @Field(() => String, {
    nullable: true,
    description: "decimal string: the challenger's probability of default, recorded for comparison",
  })
  challengerProbabilityOfDefault!: string | null;

  @Field(() => RiskGrade, {
    nullable: true,
    description: 'Null when a policy rule declined first.',
  })
  riskGrade!: RiskGrade | null;

  @Field(() => MoneyType, {
    nullable: true,
    description: 'The line offered, when the outcome is APPROVED.',
  })
  approvedLimit!: MoneyType | null;

  @Field(() => MoneyType, {
    nullable: true,
    description: 'The line an underwriter approves, when the outcome is REFERRED.',
  })
  proposedLimit!: MoneyType | null;

  @Field(() => String, {
    nullable: true,
    description: 'decimal string, e.g. "0.139" = 13.9 % a year',
  })
  annualRate!: string | null;

  @Field(() => [DecisionReasonType], { description: 'Ordered, most important first.' })
  reasons!: DecisionReasonType[];

  @Field(() => String)
  modelVersion!: string;

  @Field(() => DateTimeScalar)
  decidedAt!: Date;
}

@ObjectType('CreditReview')
export class CreditReviewType {
  @Field(() => ApplicationStatus)
  outcome!: ApplicationStatus;

  @Field(() => String)
  reason!: string;

  @Field(() => DateTimeScalar)
  reviewedAt!: Date;
}

@ObjectType('CreditOffer')
export class CreditOfferType {
  @Field(() => MoneyType)
  limit!: MoneyType;

  @Field(() => String)
  annualRate!: string;

  @Field(() => DateTimeScalar)
  expiresAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  acceptedAt!: Date | null;

  creditLineId!: string | null;
}

@ObjectType('ApplicantAttribute')
export class ApplicantAttributeType {
  @Field(() => String)
  name!: string;

  @Field(() => String)
  value!: string;
}

@ObjectType(CREDIT_APPLICATION_TYPE, { implements: Node })
export class CreditApplicationType implements Node {
  @Field(() => ID)
  id!: string;

  application!: CreditApplication;

  @Field(() => ApplicationStatus, {
    description:
      'Where the application stands: the decision, or an underwriter’s review of a referral.',
  })
  status!: ApplicationStatus;

  @Field(() => DateTimeScalar)
  submittedAt!: Date;

  @Field(() => CreditDecisionType)
  decision!: CreditDecisionType;

  @Field(() => CreditReviewType, { nullable: true })
  review!: CreditReviewType | null;

  @Field(() => CreditOfferType, {
    nullable: true,
    description: 'Set while the application is APPROVED.',
  })
  offer!: CreditOfferType | null;

  @Field(() => MoneyType)
  requestedLimit!: MoneyType;

  @Field(() => MoneyType)
  monthlyIncome!: MoneyType;

  @Field(() => MoneyType)
  monthlyDebtPayments!: MoneyType;

  @Field(() => [ApplicantAttributeType], {
    description: 'As scored; protected attributes are never kept.',
  })
  attributes!: ApplicantAttributeType[];

  static from(app: CreditApplication): CreditApplicationType {
    const d = app.decision;
    const money = (m: Parameters<typeof MoneyType.from>[0] | null) =>
      m ? MoneyType.from(m) : null;
    return Object.assign(new CreditApplicationType(), {
      id: toGlobalId(CREDIT_APPLICATION_TYPE, app.id),
      application: app,
      status: app.status,
      submittedAt: app.submittedAt,
      decision: Object.assign(new CreditDecisionType(), {
        outcome: d.outcome,
        score: d.score,
        probabilityOfDefault: d.probabilityOfDefault,
        challengerModelVersion: d.challengerModelVersion,
        challengerProbabilityOfDefault: d.challengerProbabilityOfDefault,
        riskGrade: d.riskGrade,
        approvedLimit: d.outcome === ApplicationStatus.APPROVED ? money(d.limit) : null,
        proposedLimit: d.outcome === ApplicationStatus.REFERRED ? money(d.limit) : null,
        annualRate: d.annualRate?.toString() ?? null,
        reasons: d.reasons.map((r) => Object.assign(new DecisionReasonType(), r)),
        modelVersion: d.modelVersion,
        decidedAt: d.decidedAt,
      }),
      review: app.review
        ? Object.assign(new CreditReviewType(), {
            outcome: app.status,
            reason: app.review.reason,
            reviewedAt: app.review.reviewedAt,
          })
        : null,
      offer:
        app.status === ApplicationStatus.APPROVED && d.limit && d.annualRate && app.offerExpiresAt
          ? Object.assign(new CreditOfferType(), {
              limit: MoneyType.from(d.limit),
              annualRate: d.annualRate.toString(),
              expiresAt: app.offerExpiresAt,
              acceptedAt: app.acceptedAt,
              creditLineId: app.creditLineId,
            })
          : null,
      requestedLimit: MoneyType.from(app.requestedLimit),
      monthlyIncome: MoneyType.from(app.monthlyIncome),
      monthlyDebtPayments: MoneyType.from(app.monthlyDebtPayments),
      attributes: Object.entries(app.attributes).map(([name, value]) =>
        Object.assign(new ApplicantAttributeType(), { name, value }),
      ),
    });
  }
}

@InputType('ApplicantAttributeInput')
export class ApplicantAttributeInput {
  @Field(() => String)
  name!: string;

  @Field(() => String)
  value!: string;
}

@InputType('SubmitCreditApplicationInput')
export class SubmitCreditApplicationInput {
  @Field(() => ID)
  borrowerId!: string;

  @Field(() => MoneyInput)
  requestedLimit!: MoneyInput;

  @Field(() => MoneyInput)
  monthlyIncome!: MoneyInput;

  @Field(() => MoneyInput)
  monthlyDebtPayments!: MoneyInput;

  @Field(() => [ApplicantAttributeInput], {
    description: 'Named as the columns of german_train.csv, with its codes and numbers as values.',
  })
  attributes!: ApplicantAttributeInput[];

  @Field(() => String)
  idempotencyKey!: string;
}

@ObjectType('SubmitCreditApplicationPayload')
export class SubmitCreditApplicationPayload {
  @Field(() => CreditApplicationType, { nullable: true })
  application!: CreditApplicationType | null;

  @Field(() => [UserError])
  userErrors!: UserError[];
}

@InputType('AcceptCreditOfferInput')
export class AcceptCreditOfferInput {
  @Field(() => ID)
  applicationId!: string;

  @Field(() => String)
  idempotencyKey!: string;
}

@ObjectType('AcceptCreditOfferPayload')
export class AcceptCreditOfferPayload {
  @Field(() => CreditLineType, { nullable: true })
  creditLine!: CreditLineType | null;

  @Field(() => [UserError])
  userErrors!: UserError[];
}

@InputType('ReviewCreditApplicationInput')
export class ReviewCreditApplicationInput {
  @Field(() => ID)
  applicationId!: string;

  @Field(() => ApplicationStatus, { description: 'APPROVED or DECLINED.' })
  outcome!: ApplicationStatus;

  @Field(() => String, { description: 'Why, for the record: 10 to 2,000 characters.' })
  reason!: string;
}

@ObjectType('ReviewCreditApplicationPayload')
export class ReviewCreditApplicationPayload {
  @Field(() => CreditApplicationType, { nullable: true })
  application!: CreditApplicationType | null;

  @Field(() => [UserError])
  userErrors!: UserError[];
}
