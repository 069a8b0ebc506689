import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import {
  notFound,
  parseMoneyInput,
  requireViewer,
  Roles,
  toUserErrors,
  type GraphQLContext,
} from '@lending/graphql-kit';
import { fromGlobalIdOfType, Role } from '@lending/kernel';
import { drawdown } from '../drawdown.service.js';
import { LedgerError } from '../errors.js';
import { DrawdownInput, DrawdownPayload } from './drawdown.types.js';
import { CREDIT_LINE_TYPE } from './ledger.types.js';
import { fetchLoan } from './loan.resolver.js';

@Resolver()
export class DrawdownResolver {
  @Mutation(() => DrawdownPayload, { description: 'The borrower draws on their own credit line.' })
  @Roles(Role.BORROWER)
  async drawdown(
    @Arg('input', () => DrawdownInput) input: DrawdownInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<DrawdownPayload> {
    const viewer = requireViewer(ctx);
    const creditLineId = fromGlobalIdOfType(input.creditLineId, CREDIT_LINE_TYPE);
    if (!creditLineId) throw notFound();
    const amount = parseMoneyInput(input.amount, ['amount']);
    const result = amount.ok
      ? await drawdown(
          { db: ctx.db, clock: ctx.clock },
          { id: viewer.id, borrowerId: viewer.borrowerId ?? '' },
          {
            creditLineId,
            amount: amount.value,
            termMonths: input.termMonths,
            repaymentMethod: input.repaymentMethod,
            idempotencyKey: input.idempotencyKey,
          },
        )
      : amount;
    if (!result.ok) {
      return Object.assign(new DrawdownPayload(), {
        loan: null,
        userErrors: toUserErrors(result, {
          notFound: [LedgerError.CREDIT_LINE_NOT_FOUND],
          forbidden: [LedgerError.NOT_YOUR_CREDIT_LINE],
        }),
      });
    }
    return Object.assign(new DrawdownPayload(), {
      loan: await fetchLoan(ctx, result.value.loanId),
      userErrors: [],
    });
  }
}
