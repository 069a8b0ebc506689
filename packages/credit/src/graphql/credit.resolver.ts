import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { BORROWER_TYPE, BorrowerType, fetchBorrower } from '@lending/borrowers/graphql';
import {
  assertOwnerOrStaff,
  parseMoneyInput,
  Roles,
  toUserErrors,
  UserError,
  notFound,
  requireViewer,
  type GraphQLContext,
} from '@lending/graphql-kit';
import { err, fromGlobalIdOfType, Role } from '@lending/kernel';
import { CreditLineType, fetchCreditLine } from '@lending/ledger/graphql';
import {
  acceptCreditOffer,
  reviewCreditApplication,
  submitCreditApplication,
} from '../application.commands.js';
import { CreditError } from '../errors.js';
import { assertCanApplyFor, CREDIT_VIEWERS } from './credit-viewers.js';
import {
  AcceptCreditOfferInput,
  AcceptCreditOfferPayload,
  CREDIT_APPLICATION_TYPE,
  CreditApplicationType,
  CreditOfferType,
  ReviewCreditApplicationInput,
  ReviewCreditApplicationPayload,
  SubmitCreditApplicationInput,
  SubmitCreditApplicationPayload,
} from './credit.types.js';
import { applicationLoader, applicationsOfBorrowerLoader } from './loaders.js';

// A malformed id gets the same answer as an unknown one.
const applicationNotFound = err(CreditError.APPLICATION_NOT_FOUND, 'No such application.', [
  'applicationId',
]);

export async function fetchCreditApplication(
  ctx: GraphQLContext,
  id: string,
): Promise<CreditApplicationType | null> {
  const application = await applicationLoader(ctx).load(id);
  if (!application) return null;
  await assertOwnerOrStaff(ctx, application.borrowerId, CREDIT_VIEWERS);
  return CreditApplicationType.from(application);
}

@Resolver(() => CreditApplicationType)
export class CreditApplicationResolver {
  @Query(() => CreditApplicationType, { nullable: true })
  @Roles(...CREDIT_VIEWERS)
  async creditApplication(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<CreditApplicationType> {
    const localId = fromGlobalIdOfType(id, CREDIT_APPLICATION_TYPE);
    const application = localId ? await fetchCreditApplication(ctx, localId) : null;
    if (!application) throw notFound();
    return application;
  }

  @FieldResolver(() => BorrowerType)
  async borrower(
    @Root() application: CreditApplicationType,
    @Ctx() ctx: GraphQLContext,
  ): Promise<BorrowerType> {
    return fetchBorrower(ctx, application.application.borrowerId);
  }

  @Mutation(() => SubmitCreditApplicationPayload, {
    description: 'The borrower applies, or an underwriter on their behalf; idempotent on the key.',
  })
  @Roles(Role.BORROWER, Role.UNDERWRITER)
  async submitCreditApplication(
    @Arg('input', () => SubmitCreditApplicationInput) input: SubmitCreditApplicationInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<SubmitCreditApplicationPayload> {
    const viewer = requireViewer(ctx);
    const payload = (userErrors: UserError[], application: CreditApplicationType | null = null) =>
      Object.assign(new SubmitCreditApplicationPayload(), { application, userErrors });
    const borrowerId = fromGlobalIdOfType(input.borrowerId, BORROWER_TYPE);
    await assertCanApplyFor(ctx, borrowerId);
    if (!borrowerId) {
      return payload(
        toUserErrors(err(CreditError.BORROWER_NOT_FOUND, 'No such borrower.', ['borrowerId'])),
      );
    }
    const amounts = [
      parseMoneyInput(input.requestedLimit, ['requestedLimit']),
      parseMoneyInput(input.monthlyIncome, ['monthlyIncome']),
      parseMoneyInput(input.monthlyDebtPayments, ['monthlyDebtPayments']),
    ] as const;
    if (!amounts[0].ok || !amounts[1].ok || !amounts[2].ok) {
      return payload(toUserErrors(amounts.flatMap((a) => (a.ok ? [] : a.errors))));
    }
    const result = await submitCreditApplication(
      { db: ctx.db, clock: ctx.clock },
      { id: viewer.id },
      {
        borrowerId,
        requestedLimit: amounts[0].value,
        monthlyIncome: amounts[1].value,
        monthlyDebtPayments: amounts[2].value,
        attributes: input.attributes,
        idempotencyKey: input.idempotencyKey,
      },
    );
    if (!result.ok) return payload(toUserErrors(result));
    return payload([], CreditApplicationType.from(result.value));
  }

  @Mutation(() => ReviewCreditApplicationPayload, {
    description:
      'An underwriter approves or declines a referred application, with a reason on record.',
  })
  @Roles(Role.UNDERWRITER)
  async reviewCreditApplication(
    @Arg('input', () => ReviewCreditApplicationInput) input: ReviewCreditApplicationInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ReviewCreditApplicationPayload> {
    const viewer = requireViewer(ctx);
    const payload = (userErrors: UserError[], application: CreditApplicationType | null = null) =>
      Object.assign(new ReviewCreditApplicationPayload(), { application, userErrors });
    const applicationId = fromGlobalIdOfType(input.applicationId, CREDIT_APPLICATION_TYPE);
    if (!applicationId) {
      return payload(toUserErrors(applicationNotFound));
    }
    const result = await reviewCreditApplication(
      { db: ctx.db, clock: ctx.clock },
      { id: viewer.id },
      { applicationId, outcome: input.outcome, reason: input.reason },
    );
    if (!result.ok) return payload(toUserErrors(result));
    return payload([], CreditApplicationType.from(result.value));
  }

  @Mutation(() => AcceptCreditOfferPayload, {
    description:
      'The borrower accepts an approved offer before it expires; accepting again returns the same line.',
  })
  @Roles(Role.BORROWER)
  async acceptCreditOffer(
    @Arg('input', () => AcceptCreditOfferInput) input: AcceptCreditOfferInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<AcceptCreditOfferPayload> {
    const viewer = requireViewer(ctx);
    const payload = (userErrors: UserError[], creditLine: CreditLineType | null = null) =>
      Object.assign(new AcceptCreditOfferPayload(), { creditLine, userErrors });
    const applicationId = fromGlobalIdOfType(input.applicationId, CREDIT_APPLICATION_TYPE);
    if (!applicationId || !viewer.borrowerId) {
      return payload(toUserErrors(applicationNotFound));
    }
    const result = await acceptCreditOffer(
      { db: ctx.db, clock: ctx.clock },
      { id: viewer.id, borrowerId: viewer.borrowerId },
      { applicationId, idempotencyKey: input.idempotencyKey },
    );
    if (!result.ok) return payload(toUserErrors(result));
    return payload([], await fetchCreditLine(ctx, result.value.creditLineId));
  }
}

@Resolver(() => CreditOfferType)
export class CreditOfferResolver {
  @FieldResolver(() => CreditLineType, {
    nullable: true,
    description: 'The line opened when the offer was accepted.',
  })
  async creditLine(
    @Root() offer: CreditOfferType,
    @Ctx() ctx: GraphQLContext,
  ): Promise<CreditLineType | null> {
    return offer.creditLineId ? fetchCreditLine(ctx, offer.creditLineId) : null;
  }
}

@Resolver(() => BorrowerType)
export class BorrowerCreditResolver {
  @FieldResolver(() => [CreditApplicationType], { description: 'Newest first.' })
  async creditApplications(
    @Root() borrower: BorrowerType,
    @Ctx() ctx: GraphQLContext,
  ): Promise<CreditApplicationType[]> {
    await assertOwnerOrStaff(ctx, borrower.borrowerId, CREDIT_VIEWERS);
    return (await applicationsOfBorrowerLoader(ctx).load(borrower.borrowerId)).map((a) =>
      CreditApplicationType.from(a),
    );
  }
}
