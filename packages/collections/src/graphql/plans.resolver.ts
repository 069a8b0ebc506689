import {
  Arg,
  Ctx,
  Field,
  ID,
  InputType,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
} from 'type-graphql';
import {
  badUserInput,
  DateTimeScalar,
  notFound,
  requireViewer,
  Roles,
  toUserErrors,
  UserError,
  type GraphQLContext,
} from '@lending/graphql-kit';
import { fromGlobalIdOfType, Rate, Role } from '@lending/kernel';
import { Jurisdiction } from '@lending/borrowers';
import { CollectionsError } from '../errors.js';
import { acceptHardshipPlan, offerHardshipPlan, referCaseToLegal } from '../hardship.service.js';
import { deliverDueMessages, OUTBOX_BATCH_MAX } from '../messages/outbox.service.js';
import { reviewContactAttempts } from '../review.service.js';
import { fetchCase } from './case.resolver.js';
import {
  COLLECTION_CASE_TYPE,
  CollectionCaseType,
  ContactAttemptReviewRowType,
  HARDSHIP_PLAN_TYPE,
  HardshipPlanType,
  OutboxDeliveryType,
} from './collections.types.js';
import './deps.js';
import { caseLoader } from './loaders.js';

@InputType('OfferHardshipPlanInput')
export class OfferHardshipPlanInput {
  @Field(() => ID)
  caseId!: string;

  @Field(() => Int, {
    defaultValue: 0,
    description: 'months added to the instalments left (0 to 24)',
  })
  extendTermMonths!: number;

  @Field(() => Boolean, { defaultValue: false })
  waivePenalties!: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'a decimal rate below the loan’s, e.g. "0.12"',
  })
  reducedAnnualRate!: string | null | undefined;

  @Field(() => Int, {
    nullable: true,
    description: 'days the offer stands (default 14, at most 60)',
  })
  expiresInDays!: number | null | undefined;

  @Field(() => String, { nullable: true })
  reason!: string | null | undefined;
}

@ObjectType('HardshipPlanPayload')
export class HardshipPlanPayload {
  @Field(() => HardshipPlanType, { nullable: true })
  plan!: HardshipPlanType | null;

  @Field(() => [UserError])
  userErrors!: UserError[];
}

@InputType('AcceptHardshipPlanInput')
export class AcceptHardshipPlanInput {
  @Field(() => ID)
  planId!: string;
}

@InputType('ReferCaseToLegalInput')
export class ReferCaseToLegalInput {
  @Field(() => ID)
  caseId!: string;

  @Field(() => String)
  reason!: string;
}

@ObjectType('ReferCaseToLegalPayload')
export class ReferCaseToLegalPayload {
  @Field(() => CollectionCaseType, { nullable: true })
  collectionCase!: CollectionCaseType | null;

  @Field(() => [UserError])
  userErrors!: UserError[];
}

const deps = (ctx: GraphQLContext) => ({ db: ctx.db, clock: ctx.clock });

async function visibleCaseId(ctx: GraphQLContext, globalId: string): Promise<string> {
  const id = fromGlobalIdOfType(globalId, COLLECTION_CASE_TYPE);
  if (!id || !(await fetchCase(ctx, id))) throw notFound();
  return id;
}

@Resolver()
export class HardshipResolver {
  @Mutation(() => HardshipPlanPayload, {
    description: 'The assigned collector or OPS offers a hardship plan on an open case.',
  })
  @Roles(Role.COLLECTOR, Role.OPS)
  async offerHardshipPlan(
    @Arg('input', () => OfferHardshipPlanInput) input: OfferHardshipPlanInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<HardshipPlanPayload> {
    const viewer = requireViewer(ctx);
    const caseId = await visibleCaseId(ctx, input.caseId);
    const rate = input.reducedAnnualRate == null ? null : Rate.parse(input.reducedAnnualRate);
    if (rate && !rate.ok) {
      return Object.assign(new HardshipPlanPayload(), {
        plan: null,
        userErrors: toUserErrors([
          {
            code: CollectionsError.INVALID_PLAN,
            message: rate.errors[0].message,
            field: ['reducedAnnualRate'],
          },
        ]),
      });
    }
    const result = await offerHardshipPlan(deps(ctx), viewer, {
      caseId,
      extendTermMonths: input.extendTermMonths,
      waivePenalties: input.waivePenalties,
      reducedAnnualRate: rate?.ok ? rate.value : null,
      expiresInDays: input.expiresInDays ?? null,
      reason: input.reason ?? null,
    });
    const kase = await caseLoader(ctx).load(caseId);
    return Object.assign(new HardshipPlanPayload(), {
      plan: result.ok ? HardshipPlanType.from(result.value, kase!.amountOverdue.currency) : null,
      userErrors: result.ok ? [] : toUserErrors(result),
    });
  }

  @Mutation(() => HardshipPlanPayload, {
    description: 'The borrower accepts an offered plan: the loan is restructured at once.',
  })
  @Roles(Role.BORROWER)
  async acceptHardshipPlan(
    @Arg('input', () => AcceptHardshipPlanInput) input: AcceptHardshipPlanInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<HardshipPlanPayload> {
    const viewer = requireViewer(ctx);
    const planId = fromGlobalIdOfType(input.planId, HARDSHIP_PLAN_TYPE);
    if (!planId) throw notFound();
    const result = await acceptHardshipPlan(deps(ctx), viewer, { planId });
    if (!result.ok) {
      return Object.assign(new HardshipPlanPayload(), {
        plan: null,
        userErrors: toUserErrors(result, { notFound: [CollectionsError.PLAN_NOT_FOUND] }),
      });
    }
    const kase = await caseLoader(ctx).load(result.value.caseId);
    return Object.assign(new HardshipPlanPayload(), {
      plan: HardshipPlanType.from(result.value, kase!.amountOverdue.currency),
      userErrors: [],
    });
  }

  @Mutation(() => ReferCaseToLegalPayload, {
    description: 'OPS refers a case to legal, with a reason.',
  })
  @Roles(Role.OPS)
  async referCaseToLegal(
    @Arg('input', () => ReferCaseToLegalInput) input: ReferCaseToLegalInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ReferCaseToLegalPayload> {
    const viewer = requireViewer(ctx);
    const caseId = await visibleCaseId(ctx, input.caseId);
    const result = await referCaseToLegal(deps(ctx), viewer, { caseId, reason: input.reason });
    caseLoader(ctx).clear(caseId);
    return Object.assign(new ReferCaseToLegalPayload(), {
      collectionCase: result.ok ? await fetchCase(ctx, caseId) : null,
      userErrors: result.ok ? [] : toUserErrors(result),
    });
  }

  @Mutation(() => OutboxDeliveryType, {
    description:
      'OPS: send the outbox messages that are due now (each checked again; at most once per message).',
  })
  @Roles(Role.OPS)
  async deliverOutboundMessages(
    @Arg('limit', () => Int, { nullable: true, defaultValue: 100 }) limit: number | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<OutboxDeliveryType> {
    const size = limit ?? 100;
    if (size < 1 || size > OUTBOX_BATCH_MAX)
      throw badUserInput(`limit must be 1 to ${OUTBOX_BATCH_MAX}.`);
    const run = await deliverDueMessages(
      { ...deps(ctx), sender: ctx.deps.collections.sender },
      size,
    );
    return Object.assign(new OutboxDeliveryType(), run);
  }

  @Query(() => [ContactAttemptReviewRowType], {
    description:
      'COMPLIANCE: contact attempts in [from, to), allowed and refused, per jurisdiction, channel, target and rule.',
  })
  @Roles(Role.COMPLIANCE)
  async contactAttemptReview(
    @Arg('from', () => DateTimeScalar) from: Date,
    @Arg('to', () => DateTimeScalar) to: Date,
    @Arg('jurisdiction', () => Jurisdiction, { nullable: true })
    jurisdiction: Jurisdiction | null | undefined,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ContactAttemptReviewRowType[]> {
    const rows = await reviewContactAttempts(ctx.db, {
      from,
      to,
      jurisdiction: jurisdiction ?? null,
    });
    if (!rows.ok) throw badUserInput(rows.errors[0].message);
    return rows.value.map((r) => Object.assign(new ContactAttemptReviewRowType(), r));
  }
}
