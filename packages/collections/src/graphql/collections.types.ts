import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DateScalar, DateTimeScalar, MoneyType, Node, PageInfo } from '@lending/graphql-kit';
import { Money, toGlobalId, type BusinessDate } from '@lending/kernel';
import type { HardshipPlan } from '../hardship.service.js';
import type { ContactAttempt } from '../attempts.service.js';
import type { CollectionCase } from '../cases.js';
import type { PromiseToPay } from '../promises.service.js';
import type { PlannedAction } from '../strategy.js';
import { CaseStatus, ContactChannel, ContactTarget, DelinquencyBucket } from '../vocabulary.js';

registerEnumType(DelinquencyBucket, { name: 'DelinquencyBucket' });
registerEnumType(CaseStatus, { name: 'CaseStatus' });
registerEnumType(ContactChannel, { name: 'ContactChannel' });
registerEnumType(ContactTarget, { name: 'ContactTarget' });

export const COLLECTION_CASE_TYPE = 'CollectionCase';
export const CONTACT_ATTEMPT_TYPE = 'ContactAttempt';
export const PROMISE_TO_PAY_TYPE = 'PromiseToPay';
export const HARDSHIP_PLAN_TYPE = 'HardshipPlan';

@ObjectType('PlannedAction')
export class PlannedActionType {
  @Field(() => ContactChannel)
  channel!: ContactChannel;

  @Field(() => DateTimeScalar, {
    description:
      "the earliest moment it may happen: the borrower's quiet hours and contact limits respected",
  })
  earliestAt!: Date;

  @Field(() => String)
  reason!: string;

  static from(a: PlannedAction): PlannedActionType {
    return Object.assign(new PlannedActionType(), a);
  }
}

@ObjectType(CONTACT_ATTEMPT_TYPE)
export class ContactAttemptType {
  @Field(() => ID)
  id!: string;

  @Field(() => DateTimeScalar)
  at!: Date;

  @Field(() => ContactChannel)
  channel!: ContactChannel;

  @Field(() => ContactTarget)
  target!: ContactTarget;

  @Field(() => String, {
    description:
      'CONNECTED, NO_ANSWER, VOICEMAIL, BUSY, DELIVERED, FAILED; REFUSED when the rules refused it',
  })
  outcome!: string;

  @Field(() => String, { nullable: true, description: 'the rule that refused the attempt' })
  refusedBy!: string | null;

  static from(a: ContactAttempt): ContactAttemptType {
    return Object.assign(new ContactAttemptType(), {
      id: toGlobalId(CONTACT_ATTEMPT_TYPE, a.id),
      at: a.at,
      channel: a.channel,
      target: a.target,
      outcome: a.outcome,
      refusedBy: a.refusedBy,
    });
  }
}

@ObjectType(PROMISE_TO_PAY_TYPE)
export class PromiseToPayType {
  @Field(() => ID)
  id!: string;

  @Field(() => MoneyType)
  amount!: MoneyType;

  @Field(() => DateScalar)
  dueDate!: BusinessDate;

  @Field(() => String, { description: 'PENDING, KEPT or BROKEN' })
  status!: string;

  static from(p: PromiseToPay): PromiseToPayType {
    return Object.assign(new PromiseToPayType(), {
      id: toGlobalId(PROMISE_TO_PAY_TYPE, p.id),
      amount: MoneyType.from(p.amount),
      dueDate: p.dueDate,
      status: p.status,
    });
  }
}

@ObjectType('CaseBucketSpan', {
  description: 'a bucket the case was in, from and to business dates',
})
export class CaseBucketSpanType {
  @Field(() => DelinquencyBucket)
  bucket!: DelinquencyBucket;

  @Field(() => DateScalar)
  from!: BusinessDate;

  @Field(() => DateScalar, { nullable: true, description: 'null while the case is still in it' })
  to!: BusinessDate | null;
}

@ObjectType('CaseEvent', { description: 'what was done to a case, by whom, when and why' })
export class CaseEventType {
  @Field(() => String)
  kind!: string;

  @Field(() => String)
  actorId!: string;

  @Field(() => DateTimeScalar)
  at!: Date;

  @Field(() => DateScalar)
  businessDate!: BusinessDate;

  @Field(() => String, { nullable: true })
  reason!: string | null;
}

@ObjectType(COLLECTION_CASE_TYPE, { implements: Node })
export class CollectionCaseType implements Node {
  @Field(() => ID)
  id!: string;

  kase!: CollectionCase;

  @Field(() => DelinquencyBucket)
  bucket!: DelinquencyBucket;

  @Field(() => Int)
  daysPastDue!: number;

  @Field(() => MoneyType)
  amountOverdue!: MoneyType;

  @Field(() => CaseStatus)
  status!: CaseStatus;

  @Field(() => ID, { nullable: true, description: "the assigned collector's actor id" })
  assignedTo!: string | null;

  @Field(() => DateScalar)
  openedOn!: BusinessDate;

  @Field(() => DateScalar, { nullable: true })
  resolvedOn!: BusinessDate | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description:
      'when it was resolved: the moment of the repayment that left nothing overdue, or of the close of business that found it so',
  })
  resolvedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'CURED, PAID_OFF or RECOVERED' })
  resolution!: string | null;

  @Field(() => Int, { description: 'broken promises so far: each raises the priority' })
  brokenPromises!: number;

  static from(c: CollectionCase): CollectionCaseType {
    return Object.assign(new CollectionCaseType(), {
      id: toGlobalId(COLLECTION_CASE_TYPE, c.id),
      kase: c,
      bucket: c.bucket,
      daysPastDue: c.daysPastDue,
      amountOverdue: MoneyType.from(c.amountOverdue),
      status: c.status,
      assignedTo: c.assignedTo,
      openedOn: c.openedOn,
      resolvedOn: c.resolvedOn,
      resolvedAt: c.resolvedAt,
      resolution: c.resolution,
      brokenPromises: c.brokenPromises,
    });
  }
}

@ObjectType('CollectionCaseEdge')
export class CollectionCaseEdge {
  @Field(() => CollectionCaseType)
  node!: CollectionCaseType;

  @Field(() => String)
  cursor!: string;
}

@ObjectType('CollectionCaseConnection')
export class CollectionCaseConnection {
  @Field(() => [CollectionCaseEdge])
  edges!: CollectionCaseEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}

@ObjectType('ContactPreference')
export class ContactPreferenceType {
  @Field(() => ContactChannel)
  channel!: ContactChannel;

  @Field(() => Boolean)
  optedOut!: boolean;

  @Field(() => DateTimeScalar)
  updatedAt!: Date;
}

@ObjectType('HardshipPlan', {
  description:
    'a restructure offered to the borrower: interest owed capitalised, the term extended, penalties waived, a reduced rate',
})
export class HardshipPlanType {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'OFFERED, ACTIVE, BROKEN, COMPLETED or EXPIRED' })
  status!: string;

  @Field(() => Int)
  extendTermMonths!: number;

  @Field(() => Boolean)
  waivePenalties!: boolean;

  @Field(() => String, { nullable: true })
  reducedAnnualRate!: string | null;

  @Field(() => DateTimeScalar)
  offeredAt!: Date;

  @Field(() => DateScalar)
  expiresOn!: BusinessDate;

  @Field(() => DateTimeScalar, { nullable: true })
  acceptedAt!: Date | null;

  @Field(() => MoneyType, {
    nullable: true,
    description: 'interest moved into principal on acceptance',
  })
  capitalised!: MoneyType | null;

  @Field(() => MoneyType, { nullable: true, description: 'penalties written off on acceptance' })
  waived!: MoneyType | null;

  static from(p: HardshipPlan, currency: string): HardshipPlanType {
    const money = (minor: bigint | null) =>
      minor === null ? null : MoneyType.from(Money.of(minor, currency));
    return Object.assign(new HardshipPlanType(), {
      id: toGlobalId(HARDSHIP_PLAN_TYPE, p.id),
      status: p.status,
      extendTermMonths: p.extendTermMonths,
      waivePenalties: p.waivePenalties,
      reducedAnnualRate: p.reducedAnnualRate?.toString() ?? null,
      offeredAt: p.offeredAt,
      expiresOn: p.expiresOn,
      acceptedAt: p.acceptedAt,
      capitalised: money(p.capitalisedMinor),
      waived: money(p.waivedMinor),
    });
  }
}

@ObjectType('OutboundMessage', {
  description: 'a message the outbox planned or sent about a case; never contact data',
})
export class OutboundMessageType {
  @Field(() => ContactChannel)
  channel!: ContactChannel;

  @Field(() => String)
  template!: string;

  @Field(() => Int)
  templateVersion!: number;

  @Field(() => String)
  body!: string;

  @Field(() => String, {
    description:
      'PLANNED, SENDING, SENT, REFUSED, FAILED, or WITHDRAWN (taken back before it was sent: the case resolved, the instalment paid)',
  })
  status!: string;

  @Field(() => DateTimeScalar, { description: 'not sent before' })
  notBefore!: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  finishedAt!: Date | null;

  @Field(() => String, {
    nullable: true,
    description:
      'the rule that refused it at send time; for a WITHDRAWN one, why (the resolution, or INSTALLMENT_PAID)',
  })
  refusedBy!: string | null;
}

@ObjectType('ContactAttemptReviewRow')
export class ContactAttemptReviewRowType {
  @Field(() => String)
  jurisdiction!: string;

  @Field(() => ContactChannel)
  channel!: ContactChannel;

  @Field(() => ContactTarget)
  target!: ContactTarget;

  @Field(() => String, {
    nullable: true,
    description: 'the rule that refused these; null for those allowed',
  })
  refusedBy!: string | null;

  @Field(() => Int)
  attempts!: number;
}

@ObjectType('OutboxDelivery')
export class OutboxDeliveryType {
  @Field(() => Int)
  sent!: number;

  @Field(() => Int)
  failed!: number;

  @Field(() => Int)
  refused!: number;

  @Field(() => Int, { description: 'outside the borrower’s contact window: planned for later' })
  deferred!: number;

  @Field(() => Int, {
    description: 'payment reminders whose instalment was paid meanwhile: not sent',
  })
  withdrawn!: number;
}
