import DataLoader from 'dataloader';
import type { GraphQLContext } from '@lending/graphql-kit';
import {
  getCreditLinesByIds,
  listCreditLinesOfBorrowers,
  type CreditLine,
} from '../credit-line.service.js';
import {
  getLoansByIds,
  listInstallments,
  listLoansOfCreditLines,
  loanBalances,
  type Installment,
  type Loan,
  type LoanBalance,
} from '../loan.service.js';

const BATCH = { maxBatchSize: 200 };

export const creditLineLoader = (ctx: GraphQLContext) =>
  ctx.loaders.get(
    'ledger.creditLine',
    () =>
      new DataLoader<string, CreditLine | null>((ids) => getCreditLinesByIds(ctx.db, ids), BATCH),
  );

export const creditLinesOfBorrowerLoader = (ctx: GraphQLContext) =>
  ctx.loaders.get(
    'ledger.creditLinesOfBorrower',
    () =>
      new DataLoader<string, CreditLine[]>(async (ids) => {
        const map = await listCreditLinesOfBorrowers(ctx.db, ids);
        return ids.map((id) => map.get(id) ?? []);
      }, BATCH),
  );

export const loanLoader = (ctx: GraphQLContext) =>
  ctx.loaders.get(
    'ledger.loan',
    () => new DataLoader<string, Loan | null>((ids) => getLoansByIds(ctx.db, ids), BATCH),
  );

export const loansOfCreditLineLoader = (ctx: GraphQLContext) =>
  ctx.loaders.get(
    'ledger.loansOfCreditLine',
    () =>
      new DataLoader<string, Loan[]>(async (ids) => {
        const map = await listLoansOfCreditLines(ctx.db, ids);
        return ids.map((id) => map.get(id) ?? []);
      }, BATCH),
  );

export const installmentsLoader = (ctx: GraphQLContext) =>
  ctx.loaders.get(
    'ledger.installments',
    () =>
      new DataLoader<string, Installment[]>(async (ids) => {
        const map = await listInstallments(ctx.db, ids);
        return ids.map((id) => map.get(id) ?? []);
      }, BATCH),
  );

export const balanceLoader = (ctx: GraphQLContext) =>
  ctx.loaders.get(
    'ledger.balance',
    () =>
      new DataLoader<Loan, LoanBalance, string>(
        async (loans) => {
          const map = await loanBalances(ctx.db, loans);
          return loans.map((l) => map.get(l.id)!);
        },
        { ...BATCH, cacheKeyFn: (loan) => loan.id },
      ),
  );
