import DataLoader from 'dataloader';
import { inArray, isNull, and, gte } from 'drizzle-orm';
import type { GraphQLContext } from '@lending/graphql-kit';
import { listAttemptsOfCases, toAttempt, type ContactAttempt } from '../attempts.service.js';
import {
  collectorHoldsOpenCase,
  getCasesByIds,
  listBucketHistory,
  listCaseEvents,
  listCasesOfBorrowers,
  type CaseBucketSpan,
  type CaseEventRecord,
  type CollectionCase,
} from '../cases.js';
import { listPlansOfCases, type HardshipPlan } from '../hardship.service.js';
import { listMessagesOfCases, type OutboundMessage } from '../messages/outbox.service.js';
import { listPromisesOfCases, type PromiseToPay } from '../promises.service.js';
import { contactAttemptsTable, contactPreferencesTable } from '../schema.js';
import type { ContactChannel } from '../vocabulary.js';

// Per request (ctx.loaders): a loader shared between viewers would be a cache of one viewer's reads.
const BATCH = { maxBatchSize: 200 };

function byKey<V>(
  name: string,
  load: (ctx: GraphQLContext, ids: readonly string[]) => Promise<Map<string, V>>,
  empty: V,
) {
  return (ctx: GraphQLContext) =>
    ctx.loaders.get(
      name,
      () =>
        new DataLoader<string, V>(async (ids) => {
          const map = await load(ctx, ids);
          return ids.map((id) => map.get(id) ?? empty);
        }, BATCH),
    );
}

export const caseLoader = (ctx: GraphQLContext) =>
  ctx.loaders.get(
    'collections.case',
    () => new DataLoader<string, CollectionCase | null>((ids) => getCasesByIds(ctx.db, ids), BATCH),
  );

export const casesOfBorrowerLoader = byKey<CollectionCase[]>(
  'collections.casesOfBorrower',
  (ctx, ids) => listCasesOfBorrowers(ctx.db, ids),
  [],
);
export const attemptsOfCaseLoader = byKey<ContactAttempt[]>(
  'collections.attemptsOfCase',
  (ctx, ids) => listAttemptsOfCases(ctx.db, ids),
  [],
);
export const promisesOfCaseLoader = byKey<PromiseToPay[]>(
  'collections.promisesOfCase',
  (ctx, ids) => listPromisesOfCases(ctx.db, ids),
  [],
);
export const messagesOfCaseLoader = byKey<OutboundMessage[]>(
  'collections.messagesOfCase',
  (ctx, ids) => listMessagesOfCases(ctx.db, ids),
  [],
);
export const bucketHistoryLoader = byKey<CaseBucketSpan[]>(
  'collections.bucketHistory',
  (ctx, ids) => listBucketHistory(ctx.db, ids),
  [],
);
export const caseEventsLoader = byKey<CaseEventRecord[]>(
  'collections.caseEvents',
  (ctx, ids) => listCaseEvents(ctx.db, ids),
  [],
);

/** The attempts of the last 31 days about each borrower that were not refused: what the rules count. */
export const recentAttemptsOfBorrowerLoader = byKey<ContactAttempt[]>(
  'collections.recentAttemptsOfBorrower',
  async (ctx, ids) => {
    const since = new Date(ctx.clock.now().getTime() - 31 * 86_400_000);
    const rows = await ctx.db
      .select()
      .from(contactAttemptsTable)
      .where(
        and(
          inArray(contactAttemptsTable.borrowerId, [...ids]),
          isNull(contactAttemptsTable.refusedBy),
          gte(contactAttemptsTable.at, since),
        ),
      );
    const map = new Map<string, ContactAttempt[]>();
    for (const r of rows) map.set(r.borrowerId, [...(map.get(r.borrowerId) ?? []), toAttempt(r)]);
    return map;
  },
  [],
);

export const optedOutLoader = byKey<Set<ContactChannel>>(
  'collections.optedOut',
  async (ctx, ids) => {
    const rows = await ctx.db
      .select()
      .from(contactPreferencesTable)
      .where(inArray(contactPreferencesTable.borrowerId, [...ids]));
    const map = new Map<string, Set<ContactChannel>>();
    for (const r of rows) {
      if (!r.optedOut) continue;
      map.set(
        r.borrowerId,
        new Set([...(map.get(r.borrowerId) ?? []), r.channel as ContactChannel]),
      );
    }
    return map;
  },
  new Set(),
);

/** For graphql-kit's COLLECTOR relation: borrowers with an open case assigned to `collectorId` or unassigned. */
export function collectorAssignmentsOf(ctx: Pick<GraphQLContext, 'db' | 'loaders'>) {
  return {
    canSeeBorrower: (collectorId: string, borrowerId: string) =>
      ctx.loaders
        .get(
          `collections.queueBorrowers:${collectorId}`,
          () =>
            new DataLoader<string, boolean>(async (ids) => {
              const held = await collectorHoldsOpenCase(ctx.db, collectorId, ids, {
                orUnassigned: true,
              });
              return ids.map((id) => held.has(id));
            }, BATCH),
        )
        .load(borrowerId),
  };
}

export const plansOfCaseLoader = byKey<HardshipPlan[]>(
  'collections.plansOfCase',
  (ctx, ids) => listPlansOfCases(ctx.db, ids),
  [],
);
