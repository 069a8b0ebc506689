import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { BorrowerType, borrowerLoader, fetchBorrower } from '@lending/borrowers/graphql';
import {
  defineCursor,
  notFound,
  PageInfo,
  pageSize,
  requireViewer,
  Roles,
  type GraphQLContext,
} from '@lending/graphql-kit';
import { fromGlobalIdOfType, Role } from '@lending/kernel';
import { fetchLoan, LoanType } from '@lending/ledger/graphql';
import { listQueue, QUEUE_PAGE_MAX, queueKeyOf } from '../cases.js';
import { JURISDICTION_RULES } from '../jurisdiction-rules.js';
import { nextActionOf } from '../strategy.js';
import { CaseStatus, DelinquencyBucket } from '../vocabulary.js';
import { assertCanSeeCase, CASE_STAFF, CASE_VIEWERS } from './case-viewers.js';
import {
  CaseBucketSpanType,
  CaseEventType,
  COLLECTION_CASE_TYPE,
  CollectionCaseConnection,
  CollectionCaseEdge,
  CollectionCaseType,
  ContactAttemptType,
  HardshipPlanType,
  OutboundMessageType,
  PlannedActionType,
  PromiseToPayType,
} from './collections.types.js';
import {
  attemptsOfCaseLoader,
  bucketHistoryLoader,
  caseEventsLoader,
  caseLoader,
  messagesOfCaseLoader,
  optedOutLoader,
  plansOfCaseLoader,
  promisesOfCaseLoader,
  recentAttemptsOfBorrowerLoader,
} from './loaders.js';

const queueCursor = defineCursor('collectionsQueue', 1, [
  'bigint',
  'bigint',
  'bigint',
  'bigint',
  'uuid',
]);

export async function fetchCase(
  ctx: GraphQLContext,
  id: string,
): Promise<CollectionCaseType | null> {
  const c = await caseLoader(ctx).load(id);
  if (!c) return null;
  assertCanSeeCase(ctx, c);
  return CollectionCaseType.from(c);
}

@Resolver(() => CollectionCaseType)
export class CollectionCaseResolver {
  @Query(() => CollectionCaseType, { nullable: true })
  @Roles(...CASE_VIEWERS)
  async collectionCase(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<CollectionCaseType> {
    const localId = fromGlobalIdOfType(id, COLLECTION_CASE_TYPE);
    const found = localId ? await fetchCase(ctx, localId) : null;
    if (!found) throw notFound();
    return found;
  }

  @Query(() => CollectionCaseConnection, {
    description:
      'Open cases by priority: worst bucket, most overdue, most broken promises, longest since the last contact (never contacted first). A collector sees the cases assigned to them and the unassigned ones.',
  })
  @Roles(...CASE_STAFF)
  async collectionsQueue(
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null | undefined,
    @Arg('bucket', () => DelinquencyBucket, { nullable: true })
    bucket: DelinquencyBucket | null | undefined,
    @Ctx() ctx: GraphQLContext,
  ): Promise<CollectionCaseConnection> {
    const viewer = requireViewer(ctx);
    const size = pageSize(first, 20, QUEUE_PAGE_MAX);
    const key = after == null ? null : queueCursor.decode(after);
    const page = await listQueue(ctx.db, {
      visibleTo: viewer.role === Role.COLLECTOR ? viewer.id : null,
      bucket: bucket ?? null,
      first: size,
      after: key && {
        bucketRank: key[0],
        amountOverdueMinor: key[1],
        brokenPromises: key[2],
        contactKey: key[3],
        id: key[4],
      },
    });
    const edges = page.cases.map((c) => {
      caseLoader(ctx).prime(c.id, c);
      const k = queueKeyOf(c);
      return Object.assign(new CollectionCaseEdge(), {
        node: CollectionCaseType.from(c),
        cursor: queueCursor.encode(
          k.bucketRank,
          k.amountOverdueMinor,
          k.brokenPromises,
          k.contactKey,
          k.id,
        ),
      });
    });
    return Object.assign(new CollectionCaseConnection(), {
      edges,
      pageInfo: Object.assign(new PageInfo(), {
        hasNextPage: page.hasNextPage,
        endCursor: edges.at(-1)?.cursor ?? null,
      }),
    });
  }

  @FieldResolver(() => BorrowerType)
  async borrower(@Root() c: CollectionCaseType, @Ctx() ctx: GraphQLContext): Promise<BorrowerType> {
    return fetchBorrower(ctx, c.kase.borrowerId);
  }

  @FieldResolver(() => LoanType)
  async loan(@Root() c: CollectionCaseType, @Ctx() ctx: GraphQLContext): Promise<LoanType> {
    const loan = await fetchLoan(ctx, c.kase.loanId);
    if (!loan) throw new Error('case without its loan');
    return loan;
  }

  @FieldResolver(() => PlannedActionType, {
    nullable: true,
    description:
      'what the strategy does next and the earliest moment it may; null when nothing remains',
  })
  async nextAction(
    @Root() c: CollectionCaseType,
    @Ctx() ctx: GraphQLContext,
  ): Promise<PlannedActionType | null> {
    const kase = c.kase;
    if (kase.status === CaseStatus.RESOLVED) return null;
    const [borrower, optedOut, history, messages, promises] = await Promise.all([
      borrowerLoader(ctx).load(kase.borrowerId),
      optedOutLoader(ctx).load(kase.borrowerId),
      recentAttemptsOfBorrowerLoader(ctx).load(kase.borrowerId),
      messagesOfCaseLoader(ctx).load(kase.id),
      promisesOfCaseLoader(ctx).load(kase.id),
    ]);
    if (!borrower) throw new Error('case without its borrower');
    const pending = promises.find((p) => p.status === 'PENDING') ?? null;
    const action = nextActionOf(
      kase,
      messages,
      pending,
      {
        rules: JURISDICTION_RULES[borrower.jurisdiction],
        timeZone: borrower.timeZone,
        optedOut,
        history,
        caseOpenedAt: kase.openedAt,
      },
      ctx.clock.now(),
    );
    return action ? PlannedActionType.from(action) : null;
  }

  @FieldResolver(() => [ContactAttemptType], {
    description: 'every attempt about this case, refused ones too, oldest first',
  })
  async attempts(
    @Root() c: CollectionCaseType,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ContactAttemptType[]> {
    return (await attemptsOfCaseLoader(ctx).load(c.kase.id)).map((a) => ContactAttemptType.from(a));
  }

  @FieldResolver(() => [PromiseToPayType])
  async promises(
    @Root() c: CollectionCaseType,
    @Ctx() ctx: GraphQLContext,
  ): Promise<PromiseToPayType[]> {
    return (await promisesOfCaseLoader(ctx).load(c.kase.id)).map((p) => PromiseToPayType.from(p));
  }

  @FieldResolver(() => [HardshipPlanType], {
    description: 'plans offered to the borrower, newest first',
  })
  async hardshipPlans(
    @Root() c: CollectionCaseType,
    @Ctx() ctx: GraphQLContext,
  ): Promise<HardshipPlanType[]> {
    return (await plansOfCaseLoader(ctx).load(c.kase.id)).map((p) =>
      HardshipPlanType.from(p, c.kase.amountOverdue.currency),
    );
  }

  @FieldResolver(() => [OutboundMessageType], {
    description: 'messages planned or sent about the case',
  })
  async messages(
    @Root() c: CollectionCaseType,
    @Ctx() ctx: GraphQLContext,
  ): Promise<OutboundMessageType[]> {
    return (await messagesOfCaseLoader(ctx).load(c.kase.id)).map((m) =>
      Object.assign(new OutboundMessageType(), m),
    );
  }

  @FieldResolver(() => [CaseBucketSpanType], {
    description: 'every bucket the case was in, with dates',
  })
  async bucketHistory(
    @Root() c: CollectionCaseType,
    @Ctx() ctx: GraphQLContext,
  ): Promise<CaseBucketSpanType[]> {
    return (await bucketHistoryLoader(ctx).load(c.kase.id)).map((s) =>
      Object.assign(new CaseBucketSpanType(), s),
    );
  }

  @FieldResolver(() => [CaseEventType], { description: 'every action on the case: who, when, why' })
  async history(
    @Root() c: CollectionCaseType,
    @Ctx() ctx: GraphQLContext,
  ): Promise<CaseEventType[]> {
    return (await caseEventsLoader(ctx).load(c.kase.id)).map((e) =>
      Object.assign(new CaseEventType(), e),
    );
  }
}
