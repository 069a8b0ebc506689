import {
  Arg,
  Ctx,
  Field,
  FieldResolver,
  ID,
  InputType,
  Mutation,
  ObjectType,
  registerEnumType,
  Resolver,
  Root,
} from 'type-graphql';
import {
  MoneyInput,
  MoneyType,
  parseMoneyInput,
  Roles,
  UserError,
  notFound,
  requireViewer,
  toUserErrors,
  type GraphQLContext,
} from '@lending/graphql-kit';
import { fromGlobalIdOfType, Role } from '@lending/kernel';
import type {} from './deps.js';
import { ExcessUse } from '../allocation.js';
import { LedgerError } from '../errors.js';
import { makeRepayment, type RepaymentAllocation } from '../repayment.service.js';
import { LOAN_TRANSACTION_TYPE, LOAN_TYPE, LoanType } from './ledger.types.js';
import { findRepaymentByEntry, reverseRepayment } from '../reversal.service.js';
import { fetchLoan } from './loan.resolver.js';

registerEnumType(ExcessUse, {
  name: 'ExcessRepaymentUse',
  description:
    'What a repayment beyond what is due now does. NEXT_INSTALLMENTS (the default): it pays the coming instalments in order; schedule and term stay. REDUCE_TERM / REDUCE_INSTALLMENT: it repays principal now and recasts the schedule (fewer instalments of the same size / the same term, smaller instalments).',
});

@InputType('MakeRepaymentInput')
export class MakeRepaymentInput {
  @Field(() => ID)
  loanId!: string;

  @Field(() => MoneyInput)
  amount!: MoneyInput;

  @Field(() => String)
  idempotencyKey!: string;

  @Field(() => ExcessUse, {
    nullable: true,
    defaultValue: ExcessUse.NEXT_INSTALLMENTS,
    description:
      'what money beyond what is due now does; a payment that covers the payoff pays the loan off whatever this says',
  })
  excessUse?: ExcessUse | null;
}

@ObjectType('RepaymentAllocation')
export class RepaymentAllocationType {
  @Field(() => MoneyType)
  principal!: MoneyType;

  @Field(() => MoneyType)
  interest!: MoneyType;

  @Field(() => MoneyType)
  fees!: MoneyType;

  @Field(() => MoneyType)
  penalty!: MoneyType;

  @Field(() => MoneyType, { description: 'beyond the payoff amount, held as a credit balance' })
  excess!: MoneyType;

  @Field(() => MoneyType, { description: 'recovered on a charged-off loan' })
  recovery!: MoneyType;

  @Field(() => MoneyType, {
    description:
      'interest paid ahead on coming instalments that this payment made unearned: a payoff adds it to excess, a recast to principal (the parts and excess add up to the amount plus this)',
  })
  interestReleased!: MoneyType;

  static from(a: RepaymentAllocation): RepaymentAllocationType {
    return Object.assign(new RepaymentAllocationType(), {
      principal: MoneyType.from(a.principal),
      interest: MoneyType.from(a.interest),
      fees: MoneyType.from(a.fees),
      penalty: MoneyType.from(a.penalty),
      excess: MoneyType.from(a.excess),
      recovery: MoneyType.from(a.recovery),
      interestReleased: MoneyType.from(a.interestReleased),
    });
  }
}

@ObjectType('MakeRepaymentPayload')
export class MakeRepaymentPayload {
  /** The repaid loan, read only when the client selects `loan` (MakeRepaymentPayloadResolver). */
  loanId!: string | null;

  @Field(() => RepaymentAllocationType, { nullable: true })
  allocation!: RepaymentAllocationType | null;

  @Field(() => [UserError])
  userErrors!: UserError[];
}

@Resolver()
export class RepaymentResolver {
  @Mutation(() => MakeRepaymentPayload, {
    description: 'The borrower on their own loan, or OPS for a transfer received.',
  })
  @Roles(Role.BORROWER, Role.OPS)
  async makeRepayment(
    @Arg('input', () => MakeRepaymentInput) input: MakeRepaymentInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<MakeRepaymentPayload> {
    const viewer = requireViewer(ctx);
    const loanId = fromGlobalIdOfType(input.loanId, LOAN_TYPE);
    if (!loanId) throw notFound();
    const amount = parseMoneyInput(input.amount, ['amount']);
    const result = amount.ok
      ? await makeRepayment(
          { db: ctx.db, clock: ctx.clock, followers: ctx.deps.ledger.repaymentFollowers },
          viewer,
          {
            loanId,
            amount: amount.value,
            idempotencyKey: input.idempotencyKey,
            excessUse: input.excessUse ?? ExcessUse.NEXT_INSTALLMENTS,
          },
        )
      : amount;
    if (!result.ok) {
      return Object.assign(new MakeRepaymentPayload(), {
        loanId: null,
        allocation: null,
        userErrors: toUserErrors(result, {
          notFound: [LedgerError.LOAN_NOT_FOUND],
          forbidden: [LedgerError.NOT_YOUR_LOAN],
        }),
      });
    }
    return Object.assign(new MakeRepaymentPayload(), {
      loanId: result.value.loanId,
      allocation: RepaymentAllocationType.from(result.value.allocation),
      userErrors: [],
    });
  }
}

@Resolver(() => MakeRepaymentPayload)
export class MakeRepaymentPayloadResolver {
  @FieldResolver(() => LoanType, { nullable: true })
  async loan(
    @Root() payload: MakeRepaymentPayload,
    @Ctx() ctx: GraphQLContext,
  ): Promise<LoanType | null> {
    return payload.loanId ? fetchLoan(ctx, payload.loanId) : null;
  }
}

@InputType('ReverseRepaymentInput')
export class ReverseRepaymentInput {
  @Field(() => ID, { description: 'the REPAYMENT loan transaction to reverse' })
  transactionId!: string;

  @Field(() => String)
  reason!: string;
}

@ObjectType('ReverseRepaymentPayload')
export class ReverseRepaymentPayload {
  @Field(() => LoanType, { nullable: true })
  loan!: LoanType | null;

  @Field(() => [UserError])
  userErrors!: UserError[];
}

@Resolver()
export class ReversalResolver {
  @Mutation(() => ReverseRepaymentPayload, {
    description:
      'OPS: reverse a repayment (e.g. returned by the bank); the loan is re-derived as if it never happened.',
  })
  @Roles(Role.OPS)
  async reverseRepayment(
    @Arg('input', () => ReverseRepaymentInput) input: ReverseRepaymentInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ReverseRepaymentPayload> {
    const viewer = requireViewer(ctx);
    const entryId = fromGlobalIdOfType(input.transactionId, LOAN_TRANSACTION_TYPE);
    const repayment = entryId ? await findRepaymentByEntry(ctx.db, entryId) : null;
    if (!repayment) throw notFound();
    const result = await reverseRepayment({ db: ctx.db, clock: ctx.clock }, viewer, {
      repaymentId: repayment.id,
      reason: input.reason,
    });
    if (!result.ok) {
      return Object.assign(new ReverseRepaymentPayload(), {
        loan: null,
        userErrors: toUserErrors(result),
      });
    }
    return Object.assign(new ReverseRepaymentPayload(), {
      loan: await fetchLoan(ctx, result.value.loanId),
      userErrors: [],
    });
  }
}
