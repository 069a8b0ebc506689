import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { BorrowerType, fetchBorrower } from '@lending/borrowers/graphql';
import {
  MoneyType,
  parseMoneyInput,
  PageInfo,
  Roles,
  UserError,
  badUserInput,
  forbidden,
  notFound,
  requireViewer,
  type GraphQLContext,
} from '@lending/graphql-kit';
import {
  BusinessDate,
  fromGlobalIdOfType,
  isCurrencyCode,
  Money,
  Role,
  toGlobalId,
} from '@lending/kernel';
import { listLoanTransactions, trialBalance } from '../journal.js';
import { drawdown, DrawdownError, listLoansOfBorrower, LOANS_PAGE_MAX } from '../loan.service.js';
import { assertCanSeeLedgerOf } from './access.js';
import { DrawdownInput, DrawdownPayload } from './drawdown.types.js';
import {
  AccountBalanceType,
  CREDIT_LINE_TYPE,
  CreditLineType,
  InstallmentType,
  LOAN_TRANSACTION_TYPE,
  LOAN_TYPE,
  LoanBalanceType,
  LoanConnection,
  LoanEdge,
  LoanTransactionConnection,
  LoanTransactionEdge,
  LoanTransactionType,
  LoanType,
  TrialBalanceType,
} from './ledger.types.js';
import {
  balanceLoader,
  creditLineLoader,
  creditLinesOfBorrowerLoader,
  installmentsLoader,
  loanLoader,
  loansOfCreditLineLoader,
} from './loaders.js';

const LEDGER_ROLES = [Role.BORROWER, Role.OPS, Role.UNDERWRITER, Role.COMPLIANCE] as const;
const TRANSACTIONS_PAGE_MAX = 200;

export async function fetchCreditLine(
  ctx: GraphQLContext,
  id: string,
): Promise<CreditLineType | null> {
  const line = await creditLineLoader(ctx).load(id);
  if (!line) return null;
  assertCanSeeLedgerOf(ctx, line.borrowerId);
  return CreditLineType.from(line);
}

export async function fetchLoan(ctx: GraphQLContext, id: string): Promise<LoanType | null> {
  const loan = await loanLoader(ctx).load(id);
  if (!loan) return null;
  assertCanSeeLedgerOf(ctx, loan.borrowerId);
  return LoanType.from(loan);
}

@Resolver(() => CreditLineType)
export class CreditLineResolver {
  @Query(() => CreditLineType, { nullable: true })
  @Roles(...LEDGER_ROLES)
  async creditLine(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<CreditLineType> {
    const localId = fromGlobalIdOfType(id, CREDIT_LINE_TYPE);
    const line = localId ? await fetchCreditLine(ctx, localId) : null;
    if (!line) throw notFound();
    return line;
  }

  @FieldResolver(() => BorrowerType)
  async borrower(@Root() line: CreditLineType, @Ctx() ctx: GraphQLContext): Promise<BorrowerType> {
    return fetchBorrower(ctx, line.borrowerId);
  }

  @FieldResolver(() => [LoanType])
  async loans(@Root() line: CreditLineType, @Ctx() ctx: GraphQLContext): Promise<LoanType[]> {
    return (await loansOfCreditLineLoader(ctx).load(line.creditLineId)).map((l) =>
      LoanType.from(l),
    );
  }
}

@Resolver(() => LoanType)
export class LoanResolver {
  @Query(() => LoanType, { nullable: true })
  @Roles(...LEDGER_ROLES)
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
      'What settles the loan today: principal outstanding, everything due, penalties and fees, and the current period’s interest pro rata by days elapsed (what has accrued).',
  })
  async payoffAmount(@Root() loan: LoanType, @Ctx() ctx: GraphQLContext): Promise<MoneyType> {
    // Accrual posts the current period's interest day by day, so the receivables are the payoff.
    return MoneyType.from((await balanceLoader(ctx).load(loan.loan)).total);
  }

  @FieldResolver(() => [InstallmentType])
  async schedule(@Root() loan: LoanType, @Ctx() ctx: GraphQLContext): Promise<InstallmentType[]> {
    return (await installmentsLoader(ctx).load(loan.loan.id)).map((i) => InstallmentType.from(i));
  }

  @FieldResolver(() => LoanTransactionConnection)
  async transactions(
    @Root() loan: LoanType,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) firstArg: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null | undefined,
    @Ctx() ctx: GraphQLContext,
  ): Promise<LoanTransactionConnection> {
    const first = firstArg ?? 50;
    if (first < 0 || first > TRANSACTIONS_PAGE_MAX) {
      throw badUserInput(`first must be between 0 and ${TRANSACTIONS_PAGE_MAX}.`);
    }
    const page = await listLoanTransactions(
      ctx.db,
      loan.loan.id,
      first,
      after == null ? null : decodeTxCursor(after),
    );
    const edges = page.rows.map((row) =>
      Object.assign(new LoanTransactionEdge(), {
        cursor: Buffer.from(`ltx:${row.createdAt.toISOString()}|${row.id}`).toString('base64url'),
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

  @Mutation(() => DrawdownPayload, { description: 'The borrower draws on their own credit line.' })
  @Roles(Role.BORROWER)
  async drawdown(
    @Arg('input', () => DrawdownInput) input: DrawdownInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<DrawdownPayload> {
    const viewer = requireViewer(ctx);
    const payload = (userErrors: UserError[], loan: LoanType | null = null) =>
      Object.assign(new DrawdownPayload(), { loan, userErrors });
    const creditLineId = fromGlobalIdOfType(input.creditLineId, CREDIT_LINE_TYPE);
    if (!creditLineId) throw notFound();
    const amount = parseMoneyInput(input.amount, ['amount']);
    if (!amount.ok) return payload([amount.error]);
    const result = await drawdown(
      { db: ctx.db, clock: ctx.clock },
      { id: viewer.id, borrowerId: viewer.borrowerId ?? '' },
      {
        creditLineId,
        amount: amount.value,
        termMonths: input.termMonths,
        repaymentMethod: input.repaymentMethod,
        idempotencyKey: input.idempotencyKey,
      },
    );
    if (!result.ok) {
      if (result.code === DrawdownError.CREDIT_LINE_NOT_FOUND) throw notFound();
      if (result.code === DrawdownError.NOT_YOUR_CREDIT_LINE) throw forbidden();
      return payload([UserError.of(result.code, result.message, result.field)]);
    }
    return payload([], await fetchLoan(ctx, result.loanId));
  }

  @Query(() => TrialBalanceType, {
    description: 'Debits and credits per account, summed from the journal.',
  })
  @Roles(Role.OPS, Role.COMPLIANCE)
  async trialBalance(
    @Arg('currency', () => String) currency: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<TrialBalanceType> {
    if (!isCurrencyCode(currency))
      throw badUserInput('currency must be a supported ISO 4217 code.');
    const accounts = await trialBalance(ctx.db, currency);
    return Object.assign(new TrialBalanceType(), {
      currency,
      accounts: accounts.map((a) =>
        Object.assign(new AccountBalanceType(), {
          account: a.account,
          debits: MoneyType.from(a.debits),
          credits: MoneyType.from(a.credits),
        }),
      ),
      totalDebits: MoneyType.from(
        Money.sum(
          accounts.map((a) => a.debits),
          currency,
        ),
      ),
      totalCredits: MoneyType.from(
        Money.sum(
          accounts.map((a) => a.credits),
          currency,
        ),
      ),
    });
  }
}

@Resolver(() => BorrowerType)
export class BorrowerLedgerResolver {
  @FieldResolver(() => [CreditLineType])
  async creditLines(
    @Root() borrower: BorrowerType,
    @Ctx() ctx: GraphQLContext,
  ): Promise<CreditLineType[]> {
    assertCanSeeLedgerOf(ctx, borrower.borrowerId);
    return (await creditLinesOfBorrowerLoader(ctx).load(borrower.borrowerId)).map((l) =>
      CreditLineType.from(l),
    );
  }

  @FieldResolver(() => LoanConnection)
  async loans(
    @Root() borrower: BorrowerType,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) firstArg: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null | undefined,
    @Ctx() ctx: GraphQLContext,
  ): Promise<LoanConnection> {
    assertCanSeeLedgerOf(ctx, borrower.borrowerId);
    const first = firstArg ?? 20;
    if (first < 0 || first > LOANS_PAGE_MAX)
      throw badUserInput(`first must be between 0 and ${LOANS_PAGE_MAX}.`);
    const afterId = after == null ? null : fromGlobalIdOfType(after, LOAN_TYPE);
    if (after != null && !afterId)
      throw badUserInput('after is not a cursor from this connection.');
    const page = await listLoansOfBorrower(ctx.db, borrower.borrowerId, first, afterId);
    const edges = page.loans.map((loan) => {
      const node = LoanType.from(loan);
      return Object.assign(new LoanEdge(), { node, cursor: node.id });
    });
    return Object.assign(new LoanConnection(), {
      edges,
      pageInfo: Object.assign(new PageInfo(), {
        hasNextPage: page.hasNextPage,
        endCursor: edges.at(-1)?.cursor ?? null,
      }),
    });
  }
}

function decodeTxCursor(cursor: string): { createdAt: Date; id: string } {
  const text = cursor.length <= 200 ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const match = /^ltx:(\d{4}-\d{2}-\d{2}T[\d:.]+Z)\|([0-9a-f-]{36})$/.exec(text);
  const createdAt = match ? new Date(match[1]!) : null;
  if (!match || !createdAt || Number.isNaN(createdAt.getTime())) {
    throw badUserInput('after is not a cursor from this connection.');
  }
  return { createdAt, id: match[2]! };
}
