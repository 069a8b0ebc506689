import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { BorrowerType, fetchBorrower } from '@lending/borrowers/graphql';
import {
  assertOwnerOrStaff,
  defineCursor,
  MoneyType,
  notFound,
  PageInfo,
  pageSize,
  Roles,
  type GraphQLContext,
} from '@lending/graphql-kit';
import { BusinessDate, fromGlobalIdOfType, Money, toGlobalId } from '@lending/kernel';
import { listLoanTransactions } from '../journal.js';
import { fetchCreditLine } from './credit-line.resolver.js';
import { LEDGER_VIEWERS } from './ledger-viewers.js';
import {
  CreditLineType,
  InstallmentType,
  LOAN_TRANSACTION_TYPE,
  LOAN_TYPE,
  LoanBalanceType,
  LoanTransactionConnection,
  LoanTransactionEdge,
  LoanTransactionType,
  LoanType,
} from './ledger.types.js';
import { balanceLoader, installmentsLoader, loanLoader } from './loaders.js';

const TRANSACTIONS_PAGE_MAX = 200;
const transactionCursor = defineCursor('loanTransactions', 1, ['instant', 'uuid']);

export async function fetchLoan(ctx: GraphQLContext, id: string): Promise<LoanType | null> {
  const loan = await loanLoader(ctx).load(id);
  if (!loan) return null;
  await assertOwnerOrStaff(ctx, loan.borrowerId, LEDGER_VIEWERS);
  return LoanType.from(loan);
}

@Resolver(() => LoanType)
export class LoanResolver {
  @Query(() => LoanType, { nullable: true })
  @Roles(...LEDGER_VIEWERS)
  async loan(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<LoanType> {
    const localId = fromGlobalIdOfType(id, LOAN_TYPE);
    const loan = localId ? await fetchLoan(ctx, localId) : null;
    if (!loan) throw notFound();
    return loan;
  }

  @FieldResolver(() => CreditLineType)
  async creditLine(@Root() loan: LoanType, @Ctx() ctx: GraphQLContext): Promise<CreditLineType> {
    const line = await fetchCreditLine(ctx, loan.loan.creditLineId);
    if (!line) throw new Error('loan without its credit line');
    return line;
  }

  @FieldResolver(() => BorrowerType)
  async borrower(@Root() loan: LoanType, @Ctx() ctx: GraphQLContext): Promise<BorrowerType> {
    return fetchBorrower(ctx, loan.loan.borrowerId);
  }

  @FieldResolver(() => LoanBalanceType, { description: 'What is owed now, from the journal.' })
  async outstanding(@Root() loan: LoanType, @Ctx() ctx: GraphQLContext): Promise<LoanBalanceType> {
    return LoanBalanceType.from(await balanceLoader(ctx).load(loan.loan));
  }

  @FieldResolver(() => MoneyType, {
    description:
      'What settles the loan today: principal outstanding, everything due, penalties and fees, and the current period’s interest pro rata by days elapsed (what has accrued), less interest paid ahead of its period. Money beyond it is held as the line’s credit balance.',
  })
  async payoffAmount(@Root() loan: LoanType, @Ctx() ctx: GraphQLContext): Promise<MoneyType> {
    // Accrual posts the current period's interest day by day, so the receivables are the payoff.
    return MoneyType.from((await balanceLoader(ctx).load(loan.loan)).payoff);
  }

  @FieldResolver(() => [InstallmentType])
  async schedule(@Root() loan: LoanType, @Ctx() ctx: GraphQLContext): Promise<InstallmentType[]> {
    return (await installmentsLoader(ctx).load(loan.loan.id)).map((i) => InstallmentType.from(i));
  }

  @FieldResolver(() => LoanTransactionConnection)
  async transactions(
    @Root() loan: LoanType,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null | undefined,
    @Ctx() ctx: GraphQLContext,
  ): Promise<LoanTransactionConnection> {
    const size = pageSize(first, 50, TRANSACTIONS_PAGE_MAX);
    const afterKey = after == null ? null : transactionCursor.decode(after);
    const page = await listLoanTransactions(
      ctx.db,
      loan.loan.id,
      size,
      afterKey && { createdAt: afterKey[0], id: afterKey[1] },
    );
    const edges = page.rows.map((row) =>
      Object.assign(new LoanTransactionEdge(), {
        cursor: transactionCursor.encode(row.createdAt, row.id),
        node: Object.assign(new LoanTransactionType(), {
          id: toGlobalId(LOAN_TRANSACTION_TYPE, row.id),
          kind: row.kind,
          amount: MoneyType.from(Money.of(row.amountMinor, row.currency)),
          businessDate: BusinessDate.parseOrThrow(row.businessDate),
          createdAt: row.createdAt,
        }),
      }),
    );
    return Object.assign(new LoanTransactionConnection(), {
      edges,
      pageInfo: Object.assign(new PageInfo(), {
        hasNextPage: page.hasNextPage,
        endCursor: edges.at(-1)?.cursor ?? null,
      }),
    });
  }
}
