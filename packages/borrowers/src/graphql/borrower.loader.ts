import DataLoader from 'dataloader';
import type { GraphQLContext } from '@lending/graphql-kit';
import { BORROWER_BATCH_MAX, getBorrowersByIds, type Borrower } from '../borrower.service.js';

export function borrowerLoader(ctx: GraphQLContext): DataLoader<string, Borrower | null> {
  return ctx.loaders.get(
    'borrowers.byId',
    () =>
      new DataLoader<string, Borrower | null>((ids) => getBorrowersByIds(ctx.db, ids), {
        maxBatchSize: BORROWER_BATCH_MAX,
      }),
  );
}
