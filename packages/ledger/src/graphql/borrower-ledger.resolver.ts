import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { BorrowerType } from '@lending/borrowers/graphql';
import {
  assertOwnerOrStaff,
  defineCursor,
  PageInfo,
  pageSize,
  type GraphQLContext,
} from '@lending/graphql-kit';
import { listLoansOfBorrower, LOANS_PAGE_MAX } from '../loan.service.js';
import { LEDGER_VIEWERS } from './ledger-viewers.js';
import { CreditLineType, LoanConnection, LoanEdge, LoanType } from './ledger.types.js';
import { creditLinesOfBorrowerLoader } from './loaders.js';

const loanCursor = defineCursor('loans', 1, ['uuid']);

/** A borrower's credit lines and loans, on the Borrower type. */
@Resolver(() => BorrowerType)
export class BorrowerLedgerResolver {
  @FieldResolver(() => [CreditLineType])
  async creditLines(
    @Root() borrower: BorrowerType,
    @Ctx() ctx: GraphQLContext,
  ): Promise<CreditLineType[]> {
    await assertOwnerOrStaff(ctx, borrower.borrowerId, LEDGER_VIEWERS);
    return (await creditLinesOfBorrowerLoader(ctx).load(borrower.borrowerId)).map((l) =>
      CreditLineType.from(l),
    );
  }

  @FieldResolver(() => LoanConnection)
  async loans(
    @Root() borrower: BorrowerType,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null | undefined,
    @Ctx() ctx: GraphQLContext,
  ): Promise<LoanConnection> {
    await assertOwnerOrStaff(ctx, borrower.borrowerId, LEDGER_VIEWERS);
    const size = pageSize(first, 20, LOANS_PAGE_MAX);
    const afterId = after == null ? null : loanCursor.decode(after)[0];
    const page = await listLoansOfBorrower(ctx.db, borrower.borrowerId, size, afterId);
    const edges = page.loans.map((loan) =>
      Object.assign(new LoanEdge(), {
        node: LoanType.from(loan),
        cursor: loanCursor.encode(loan.id),
      }),
    );
    return Object.assign(new LoanConnection(), {
      edges,
      pageInfo: Object.assign(new PageInfo(), {
        hasNextPage: page.hasNextPage,
        endCursor: edges.at(-1)?.cursor ?? null,
      }),
    });
  }
}
