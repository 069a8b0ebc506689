import DataLoader from 'dataloader';
import type { GraphQLContext } from '@lending/graphql-kit';
import type { ContactPointValue, ReferenceContactValue } from '../contact-data.js';
import { loadSealedContactPoints, loadSealedReferenceContacts } from '../contact-loading.js';
import { getGrantsByIds, listGrantsOfBorrowers, type ConsentGrant } from '../grants.service.js';
import type { Sealed } from '../sealed.js';

// Per request (ctx.loaders): a loader shared across viewers would be a cache of one viewer's reads.
const BATCH = { maxBatchSize: 200 };

export const contactPointsLoader = (ctx: GraphQLContext) =>
  ctx.loaders.get(
    'consent.contactPoints',
    () =>
      new DataLoader<string, Sealed<ContactPointValue>[]>(async (ids) => {
        const byBorrower = await loadSealedContactPoints(ctx.db, ids);
        return ids.map((id) => byBorrower.get(id) ?? []);
      }, BATCH),
  );

export const referenceContactsLoader = (ctx: GraphQLContext) =>
  ctx.loaders.get(
    'consent.referenceContacts',
    () =>
      new DataLoader<string, Sealed<ReferenceContactValue>[]>(async (ids) => {
        const byBorrower = await loadSealedReferenceContacts(ctx.db, ids);
        return ids.map((id) => byBorrower.get(id) ?? []);
      }, BATCH),
  );

export const grantsOfBorrowerLoader = (ctx: GraphQLContext) =>
  ctx.loaders.get(
    'consent.grantsOfBorrower',
    () =>
      new DataLoader<string, ConsentGrant[]>(async (ids) => {
        const byBorrower = await listGrantsOfBorrowers(ctx.db, ids);
        return ids.map((id) => byBorrower.get(id) ?? []);
      }, BATCH),
  );

export const grantLoader = (ctx: GraphQLContext) =>
  ctx.loaders.get(
    'consent.grantById',
    () => new DataLoader<string, ConsentGrant | null>((ids) => getGrantsByIds(ctx.db, ids), BATCH),
  );
