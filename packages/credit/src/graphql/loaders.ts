import DataLoader from 'dataloader';
import type { GraphQLContext } from '@lending/graphql-kit';
import {
  getCreditApplicationsByIds,
  listCreditApplicationsOfBorrowers,
  type CreditApplication,
} from '../application.queries.js';

const BATCH = { maxBatchSize: 200 };

export const applicationLoader = (ctx: GraphQLContext) =>
  ctx.loaders.get(
    'credit.application',
    () =>
      new DataLoader<string, CreditApplication | null>(
        (ids) => getCreditApplicationsByIds(ctx.db, ids),
        BATCH,
      ),
  );

export const applicationsOfBorrowerLoader = (ctx: GraphQLContext) =>
  ctx.loaders.get(
    'credit.applicationsOfBorrower',
    () =>
      new DataLoader<string, CreditApplication[]>(async (ids) => {
        const map = await listCreditApplicationsOfBorrowers(ctx.db, ids);
        return ids.map((id) => map.get(id) ?? []);
      }, BATCH),
  );
