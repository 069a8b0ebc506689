import { Arg, Ctx, Field, ID, InputType, Mutation, ObjectType, Resolver } from 'type-graphql';
import {
  MoneyInput,
  MoneyType,
  parseMoneyInput,
  Roles,
  UserError,
  forbidden,
  notFound,
  requireViewer,
  type GraphQLContext,
} from '@lending/graphql-kit';
import { fromGlobalIdOfType, Role } from '@lending/kernel';
import { makeRepayment, RepaymentError, type RepaymentAllocation } from '../repayment.service.js';
import { LOAN_TRANSACTION_TYPE, LOAN_TYPE, LoanType } from './ledger.types.js';
import { findRepaymentByEntry, reverseRepayment } from '../reversal.service.js';
import { fetchLoan } from './ledger.resolver.js';

@InputType('MakeRepaymentInput')
export class MakeRepaymentInput {
  @Field(() => ID)
  loanId!: string;

  @Field(() => MoneyInput)
  amount!: MoneyInput;

  @Field(() => String)
  idempotencyKey!: string;
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

  static from(a: RepaymentAllocation): RepaymentAllocationType {
    return Object.assign(new RepaymentAllocationType(), {
      principal: MoneyType.from(a.principal),
      interest: MoneyType.from(a.interest),
      fees: MoneyType.from(a.fees),
      penalty: MoneyType.from(a.penalty),
      excess: MoneyType.from(a.excess),
      recovery: MoneyType.from(a.recovery),
    });
  }
}

@ObjectType('MakeRepaymentPayload')
export class MakeRepaymentPayload {
  @Field(() => LoanType, { nullable: true })
  loan!: LoanType | null;

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
    const refused = (userErrors: UserError[]) =>
      Object.assign(new MakeRepaymentPayload(), { loan: null, allocation: null, userErrors });
    const loanId = fromGlobalIdOfType(input.loanId, LOAN_TYPE);
    if (!loanId) throw notFound();
    const amount = parseMoneyInput(input.amount, ['amount']);
    if (!amount.ok) return refused([amount.error]);
    const result = await makeRepayment({ db: ctx.db, clock: ctx.clock }, viewer, {
      loanId,
      amount: amount.value,
      idempotencyKey: input.idempotencyKey,
    });
    if (!result.ok) {
      if (result.code === RepaymentError.LOAN_NOT_FOUND) throw notFound();
      if (result.code === RepaymentError.NOT_YOUR_LOAN) throw forbidden();
      return refused([UserError.of(result.code, result.message, result.field)]);
    }
    return Object.assign(new MakeRepaymentPayload(), {
      loan: await fetchLoan(ctx, result.loanId),
      allocation: RepaymentAllocationType.from(result.allocation),
      userErrors: [],
    });
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
        userErrors: [UserError.of(result.code, result.message, result.field)],
      });
    }
    return Object.assign(new ReverseRepaymentPayload(), {
      loan: await fetchLoan(ctx, result.value.loanId),
      userErrors: [],
    });
  }
}
