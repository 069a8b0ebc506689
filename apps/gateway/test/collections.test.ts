import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { borrowerFactory } from '@lending/borrowers/testing';
import { CollectionsError } from '@lending/collections';
import {
  collectionCasesTable,
  contactAttemptsTable,
  promisesToPayTable,
} from '@lending/collections/schema';
import { caseFactory } from '@lending/collections/testing';
import { Money, Role, toGlobalId } from '@lending/kernel';
import { drawdown } from '@lending/ledger';
import { creditLineFactory } from '@lending/ledger/testing';
import {
  NOT_ALLOWED,
  accessLog,
  createSubject,
  expectNoSecrets,
  get,
  grant,
} from './consent-fixtures.js';
import { errorCodes, startTestGateway, type GraphQLResponse, type TestGateway } from './harness.js';
import { overdueLoan } from './overdue-loan.js';

// Collections over HTTP, as a client sees it: who sees which cases (the queue,
// one case, a borrower's own), the queue's documented order and its bucket
// filter, who may assign a case, contact attempts checked against the
// borrower's jurisdiction and recorded (refused ones too), contact
// preferences, and the validation of a promise to pay.
//
// The test gateway's clock is 2026-01-15T09:00:00Z (17:00 in Asia/Shanghai),
// its business date 2026-01-15; caseFactory opens cases on 2026-01-05.

let t: TestGateway;
beforeAll(async () => {
  t = await startTestGateway();
});
afterAll(() => t.stop());

const caseGid = (id: string) => toGlobalId('CollectionCase', id);
const borrowerGid = (id: string) => toGlobalId('Borrower', id);
const collector = (sub: string) => t.token(Role.COLLECTOR, sub);
const ops = () => t.token(Role.OPS);

let sequence = 0;
/** A unique collector id, so that one test's cases are not another's. */
const freshCollector = () => `collector-t${++sequence}`;

async function newBorrower(overrides: { timeZone?: string; jurisdiction?: 'CN' | 'US' } = {}) {
  const b = await borrowerFactory(t.db.db, { timeZone: 'Asia/Shanghai', ...overrides }, t.clock);
  return { id: b.id, gid: borrowerGid(b.id), token: await t.borrowerToken(b.id) };
}

async function resolve(caseId: string): Promise<void> {
  await t.db.db
    .update(collectionCasesTable)
    .set({ status: 'RESOLVED', resolution: 'CURED', resolvedOn: '2026-01-15' })
    .where(eq(collectionCasesTable.id, caseId));
}

function onlyErrorOf(res: GraphQLResponse): { message: string; path: unknown; code: unknown } {
  expect(res.errors ?? []).toHaveLength(1);
  const [e] = res.errors!;
  return { message: e!.message, path: e!.path, code: e!.extensions?.['code'] };
}

/** A root field refused as a whole: no data at all, one FORBIDDEN error on the field. */
function expectForbidden(res: GraphQLResponse, field: string): void {
  expect(res.data ?? null).toBeNull();
  expect(onlyErrorOf(res)).toEqual({ message: NOT_ALLOWED, path: [field], code: 'FORBIDDEN' });
}

// ------------------------------------------------------------------ queue

const QUEUE = `query Queue($first: Int, $after: String, $bucket: DelinquencyBucket) {
  collectionsQueue(first: $first, after: $after, bucket: $bucket) {
    edges { cursor node { id bucket daysPastDue amountOverdue { amount currency } assignedTo status brokenPromises } }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface QueueNode {
  id: string;
  bucket: string;
  daysPastDue: number;
  amountOverdue: { amount: string; currency: string };
  assignedTo: string | null;
  status: string;
  brokenPromises: number;
}

/** The whole queue as `token` sees it, through every page. */
async function wholeQueue(token: string, bucket: string | null = null): Promise<QueueNode[]> {
  const nodes: QueueNode[] = [];
  let after: string | null = null;
  for (let pages = 0; pages < 50; pages++) {
    const res = await t.gql(QUEUE, { token, variables: { first: 100, after, bucket } });
    expect(res.errors).toBeUndefined();
    const page = get(res.data, ['collectionsQueue']) as {
      edges: { node: QueueNode }[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
    nodes.push(...page.edges.map((e) => e.node));
    if (!page.pageInfo.hasNextPage) return nodes;
    after = page.pageInfo.endCursor;
  }
  throw new Error('the queue never ended');
}

describe('collectionsQueue', () => {
  let mine: string;
  let unassigned: string;
  let others: string;
  let resolvedMine: string;
  let me: string;
  let other: string;
  beforeAll(async () => {
    me = freshCollector();
    other = freshCollector();
    const b = await newBorrower();
    mine = caseGid((await caseFactory(t.db.db, { borrowerId: b.id, assignedTo: me })).id);
    unassigned = caseGid((await caseFactory(t.db.db, { borrowerId: b.id, assignedTo: null })).id);
    others = caseGid((await caseFactory(t.db.db, { borrowerId: b.id, assignedTo: other })).id);
    const r = await caseFactory(t.db.db, { borrowerId: b.id, assignedTo: me });
    await resolve(r.id);
    resolvedMine = caseGid(r.id);
  });

  it('shows a collector the open cases assigned to them and the unassigned ones, never another collector’s', async () => {
    const queue = await wholeQueue(await collector(me));
    const ids = queue.map((n) => n.id);
    expect(ids).toContain(mine);
    expect(ids).toContain(unassigned);
    expect(ids).not.toContain(others);
    expect(ids).not.toContain(resolvedMine);
    for (const n of queue) expect([me, null]).toContain(n.assignedTo);
    for (const n of queue) expect(n.status).not.toBe('RESOLVED');
    expect(JSON.stringify(queue)).not.toContain(other);
  });

  it('shows the other collector theirs and the unassigned, not this one’s', async () => {
    const ids = (await wholeQueue(await collector(other))).map((n) => n.id);
    expect(ids).toContain(others);
    expect(ids).toContain(unassigned);
    expect(ids).not.toContain(mine);
  });

  it.each([Role.OPS, Role.COMPLIANCE])('shows %s every open case', async (role) => {
    const queue = await wholeQueue(await t.token(role));
    const ids = queue.map((n) => n.id);
    for (const id of [mine, unassigned, others]) expect(ids).toContain(id);
    expect(ids).not.toContain(resolvedMine);
    const everyOpen = await t.db.db.select().from(collectionCasesTable);
    expect(ids.sort()).toEqual(
      everyOpen
        .filter((c) => c.status !== 'RESOLVED')
        .map((c) => caseGid(c.id))
        .sort(),
    );
  });

  it.each([Role.BORROWER, Role.UNDERWRITER])('is FORBIDDEN to %s', async (role) => {
    const token =
      role === Role.BORROWER ? (await newBorrower()).token : await t.token(Role.UNDERWRITER);
    const res = await t.gql(QUEUE, { token, variables: { first: 100 } });
    expect(res.data ?? null).toBeNull();
    expect(onlyErrorOf(res)).toEqual({
      message: NOT_ALLOWED,
      path: ['collectionsQueue'],
      code: 'FORBIDDEN',
    });
    for (const id of [mine, unassigned, others]) expect(JSON.stringify(res)).not.toContain(id);
  });

  it('orders by bucket, then amount overdue, then broken promises, then longest since last contact (never first)', async () => {
    const b = await newBorrower();
    const open = async (
      label: string,
      o: { dpd: number; minor: bigint; broken?: number; lastContactAt?: string | null },
    ) => {
      const c = await caseFactory(t.db.db, {
        borrowerId: b.id,
        daysPastDue: o.dpd,
        amountOverdueMinor: o.minor,
        assignedTo: null,
      });
      await t.db.db
        .update(collectionCasesTable)
        .set({
          brokenPromises: o.broken ?? 0,
          lastContactAt: o.lastContactAt ? new Date(o.lastContactAt) : null,
        })
        .where(eq(collectionCasesTable.id, c.id));
      return [caseGid(c.id), label] as const;
    };
    // Created out of order on purpose.
    const created = [
      await open('G: 1-30, most overdue of all', { dpd: 5, minor: 9_999_999n }),
      await open('F: 31-60, 300, 1 broken, contacted yesterday', {
        dpd: 45,
        minor: 300n,
        broken: 1,
        lastContactAt: '2026-01-14T03:00:00Z',
      }),
      await open('C: 31-60, 300, 2 broken', { dpd: 40, minor: 300n, broken: 2 }),
      await open('A: 90+, least overdue', { dpd: 95, minor: 100n }),
      await open('E: 31-60, 300, 1 broken, contacted 5 days ago', {
        dpd: 50,
        minor: 300n,
        broken: 1,
        lastContactAt: '2026-01-10T03:00:00Z',
      }),
      await open('B: 31-60, 900', { dpd: 31, minor: 900n }),
      await open('D: 31-60, 300, 1 broken, never contacted', { dpd: 60, minor: 300n, broken: 1 }),
      await open('H: 61-90, 50', { dpd: 61, minor: 50n }),
    ];
    const label = new Map(created);
    const order = (nodes: QueueNode[]) =>
      nodes.filter((n) => label.has(n.id)).map((n) => label.get(n.id)!);
    const expected = [
      'A: 90+, least overdue',
      'H: 61-90, 50',
      'B: 31-60, 900',
      'C: 31-60, 300, 2 broken',
      'D: 31-60, 300, 1 broken, never contacted',
      'E: 31-60, 300, 1 broken, contacted 5 days ago',
      'F: 31-60, 300, 1 broken, contacted yesterday',
      'G: 1-30, most overdue of all',
    ];
    expect(order(await wholeQueue(await ops()))).toEqual(expected);
    // A collector's view of the same (unassigned) cases is in the same order.
    expect(order(await wholeQueue(await collector(freshCollector())))).toEqual(expected);

    // Paged two at a time, the order holds across cursors.
    const paged: QueueNode[] = [];
    let after: string | null = null;
    for (;;) {
      const res = await t.gql(QUEUE, {
        token: await ops(),
        variables: { first: 2, after, bucket: 'DPD_31_60' },
      });
      const page = get(res.data, ['collectionsQueue']) as {
        edges: { node: QueueNode }[];
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
      };
      paged.push(...page.edges.map((e) => e.node));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(order(paged)).toEqual(expected.filter((l) => l.includes('31-60')));
  });

  it('filters by bucket', async () => {
    const b = await newBorrower();
    const byBucket: Record<string, string> = {};
    for (const [bucket, dpd] of [
      ['DPD_1_30', 30],
      ['DPD_31_60', 31],
      ['DPD_61_90', 90],
      ['DPD_90_PLUS', 91],
    ] as const) {
      const c = await caseFactory(t.db.db, {
        borrowerId: b.id,
        daysPastDue: dpd,
        assignedTo: null,
      });
      byBucket[bucket] = caseGid(c.id);
    }
    for (const bucket of Object.keys(byBucket)) {
      const nodes = await wholeQueue(await ops(), bucket);
      expect(nodes.length).toBeGreaterThan(0);
      for (const n of nodes) expect(n.bucket).toBe(bucket);
      const ids = nodes.map((n) => n.id);
      for (const [other, id] of Object.entries(byBucket)) {
        if (other === bucket) expect(ids).toContain(id);
        else expect(ids).not.toContain(id);
      }
    }
    expect(await wholeQueue(await ops(), 'CURRENT')).toEqual([]);
    const bad = await t.gql(QUEUE, { variables: { bucket: 'DPD_999' } });
    expect(errorCodes(bad)).toEqual(['BAD_USER_INPUT']);
  });
});

// --------------------------------------------------------- one case, own cases

const CASE = `query Case($id: ID!) { collectionCase(id: $id) { id status assignedTo bucket } }`;

describe('collectionCase(id) and Borrower.collectionCases', () => {
  let alice: Awaited<ReturnType<typeof newBorrower>>;
  let bob: Awaited<ReturnType<typeof newBorrower>>;
  let me: string;
  let other: string;
  const ids = { mine: '', unassigned: '', others: '', resolved: '' };
  beforeAll(async () => {
    alice = await newBorrower();
    bob = await newBorrower();
    me = freshCollector();
    other = freshCollector();
    ids.mine = caseGid((await caseFactory(t.db.db, { borrowerId: alice.id, assignedTo: me })).id);
    ids.unassigned = caseGid(
      (await caseFactory(t.db.db, { borrowerId: alice.id, assignedTo: null })).id,
    );
    ids.others = caseGid(
      (await caseFactory(t.db.db, { borrowerId: alice.id, assignedTo: other })).id,
    );
    const r = await caseFactory(t.db.db, { borrowerId: alice.id, assignedTo: me });
    await resolve(r.id);
    ids.resolved = caseGid(r.id);
  });

  const readCase = async (token: string, id: string) => t.gql(CASE, { token, variables: { id } });

  function expectCaseDenied(res: GraphQLResponse, path: (string | number)[] = ['collectionCase']) {
    expect(res.data).toEqual({ [path[0] as string]: null });
    expect(onlyErrorOf(res)).toEqual({ message: NOT_ALLOWED, path, code: 'FORBIDDEN' });
    expect(JSON.stringify(res)).not.toContain(other);
    expect(JSON.stringify(res)).not.toContain(me);
    expect(JSON.stringify(res)).not.toContain('DPD_');
  }

  it('shows a collector their own open case and an unassigned one', async () => {
    const token = await collector(me);
    for (const [id, assignedTo] of [
      [ids.mine, me],
      [ids.unassigned, null],
    ] as const) {
      const res = await readCase(token, id);
      expect(res.errors).toBeUndefined();
      expect(res.data).toEqual({
        collectionCase: { id, status: 'OPEN', assignedTo, bucket: 'DPD_1_30' },
      });
    }
  });

  it('refuses a collector another collector’s case, and their own once resolved, with FORBIDDEN', async () => {
    const token = await collector(me);
    expectCaseDenied(await readCase(token, ids.others));
    const resolved = await readCase(token, ids.resolved);
    expect(resolved.data).toEqual({ collectionCase: null });
    expect(onlyErrorOf(resolved)).toEqual({
      message: NOT_ALLOWED,
      path: ['collectionCase'],
      code: 'FORBIDDEN',
    });
    expect(JSON.stringify(resolved)).not.toContain('RESOLVED');
    // The same through node(id:).
    const node = await t.gql(
      'query ($id: ID!) { node(id: $id) { id ... on CollectionCase { assignedTo } } }',
      {
        token,
        variables: { id: ids.others },
      },
    );
    expectCaseDenied(node, ['node']);
  });

  it.each([Role.OPS, Role.COMPLIANCE])('shows %s every case, resolved ones too', async (role) => {
    const token = await t.token(role);
    for (const [key, id] of Object.entries(ids)) {
      const res = await readCase(token, id);
      expect(res.errors).toBeUndefined();
      expect(get(res.data, ['collectionCase', 'status'])).toBe(
        key === 'resolved' ? 'RESOLVED' : 'OPEN',
      );
    }
  });

  it('is FORBIDDEN to an UNDERWRITER', async () => {
    expectCaseDenied(await readCase(await t.token(Role.UNDERWRITER), ids.mine));
  });

  it('shows the borrower each of their own cases, resolved too, and no one else’s', async () => {
    for (const [key, id] of Object.entries(ids)) {
      const res = await readCase(alice.token, id);
      expect(res.errors).toBeUndefined();
      expect(get(res.data, ['collectionCase', 'id'])).toBe(id);
      expect(get(res.data, ['collectionCase', 'status'])).toBe(
        key === 'resolved' ? 'RESOLVED' : 'OPEN',
      );
    }
    for (const id of Object.values(ids)) expectCaseDenied(await readCase(bob.token, id));
  });

  const OWN_CASES = `query Own($id: ID!) {
    borrower(id: $id) { collectionCases { id status assignedTo amountOverdue { amount currency } attempts { outcome } promises { status } } }
  }`;

  it('lists the borrower’s own cases on Borrower.collectionCases and viewer.borrower', async () => {
    const res = await t.gql(OWN_CASES, { token: alice.token, variables: { id: alice.gid } });
    expect(res.errors).toBeUndefined();
    const cases = get(res.data, ['borrower', 'collectionCases']) as { id: string }[];
    expect(cases.map((c) => c.id).sort()).toEqual(Object.values(ids).sort());
    expect(cases[0]).toMatchObject({
      amountOverdue: { amount: '1000.00', currency: 'CNY' },
      attempts: [],
      promises: [],
    });
    const viewer = await t.gql('{ viewer { borrower { collectionCases { id } } } }', {
      token: alice.token,
    });
    expect(
      (get(viewer.data, ['viewer', 'borrower', 'collectionCases']) as { id: string }[])
        .map((c) => c.id)
        .sort(),
    ).toEqual(Object.values(ids).sort());
  });

  it('refuses another borrower Borrower.collectionCases: the borrower record is FORBIDDEN', async () => {
    const res = await t.gql(OWN_CASES, { token: bob.token, variables: { id: alice.gid } });
    expect(res.data).toEqual({ borrower: null });
    expect(onlyErrorOf(res)).toEqual({
      message: NOT_ALLOWED,
      path: ['borrower'],
      code: 'FORBIDDEN',
    });
    for (const id of Object.values(ids)) expect(JSON.stringify(res)).not.toContain(id);
    const own = await t.gql(OWN_CASES, { token: bob.token, variables: { id: bob.gid } });
    expect(get(own.data, ['borrower', 'collectionCases'])).toEqual([]);
  });

  it('lists a collector only the borrower’s cases in their queue', async () => {
    const res = await t.gql(OWN_CASES, {
      token: await collector(me),
      variables: { id: alice.gid },
    });
    expect(res.errors).toBeUndefined();
    const cases = get(res.data, ['borrower', 'collectionCases']) as { id: string }[];
    expect(cases.map((c) => c.id).sort()).toEqual([ids.mine, ids.unassigned].sort());
    expect(JSON.stringify(res)).not.toContain(other);
  });
});

// ------------------------------------------------------------------ assign

const ASSIGN = `mutation Assign($input: AssignCollectionCaseInput!) {
  assignCollectionCase(input: $input) {
    collectionCase { id assignedTo history { kind actorId } }
    userErrors { code message field }
  }
}`;

describe('assignCollectionCase', () => {
  const assign = async (token: string, caseId: string, collectorId: string) =>
    t.gql(ASSIGN, { token, variables: { input: { caseId, collectorId } } });
  const assignedTo = async (gid: string, localId: string) => {
    const [row] = await t.db.db
      .select({ a: collectionCasesTable.assignedTo })
      .from(collectionCasesTable)
      .where(eq(collectionCasesTable.id, localId));
    expect(gid).toBe(caseGid(localId));
    return row!.a;
  };
  const fresh = async (assigned: string | null) => {
    const b = await newBorrower();
    const c = await caseFactory(t.db.db, { borrowerId: b.id, assignedTo: assigned });
    return { gid: caseGid(c.id), id: c.id };
  };

  it('lets OPS assign an unassigned case to anyone and reassign an assigned one, each recorded', async () => {
    const c = await fresh(null);
    const first = await assign(await ops(), c.gid, 'collector-x');
    expect(first.errors).toBeUndefined();
    expect(get(first.data, ['assignCollectionCase'])).toEqual({
      collectionCase: {
        id: c.gid,
        assignedTo: 'collector-x',
        history: [{ kind: 'ASSIGNED', actorId: 'ops-1' }],
      },
      userErrors: [],
    });
    const second = await assign(await ops(), c.gid, 'collector-y');
    expect(get(second.data, ['assignCollectionCase', 'collectionCase', 'assignedTo'])).toBe(
      'collector-y',
    );
    expect(get(second.data, ['assignCollectionCase', 'userErrors'])).toEqual([]);
    expect(await assignedTo(c.gid, c.id)).toBe('collector-y');
  });

  it('lets a collector take an unassigned case for themself', async () => {
    const c = await fresh(null);
    const me = freshCollector();
    const res = await assign(await collector(me), c.gid, me);
    expect(get(res.data, ['assignCollectionCase'])).toEqual({
      collectionCase: { id: c.gid, assignedTo: me, history: [{ kind: 'ASSIGNED', actorId: me }] },
      userErrors: [],
    });
    expect(await assignedTo(c.gid, c.id)).toBe(me);
  });

  it('refuses a collector assigning an unassigned case to someone else: NOT_ASSIGNABLE', async () => {
    const c = await fresh(null);
    const res = await assign(await collector(freshCollector()), c.gid, 'collector-friend');
    expect(res.errors).toBeUndefined();
    expect(get(res.data, ['assignCollectionCase'])).toEqual({
      collectionCase: null,
      userErrors: [
        {
          code: CollectionsError.NOT_ASSIGNABLE,
          message: 'A collector may take a case only for themself.',
          field: ['collectorId'],
        },
      ],
    });
    expect(await assignedTo(c.gid, c.id)).toBeNull();
  });

  it('refuses a collector handing their own case to someone else: NOT_ASSIGNABLE', async () => {
    const me = freshCollector();
    const c = await fresh(me);
    const res = await assign(await collector(me), c.gid, 'collector-friend');
    expect(get(res.data, ['assignCollectionCase', 'userErrors', 0, 'code'])).toBe(
      CollectionsError.NOT_ASSIGNABLE,
    );
    expect(get(res.data, ['assignCollectionCase', 'collectionCase'])).toBeNull();
    expect(await assignedTo(c.gid, c.id)).toBe(me);
  });

  it('refuses a collector taking a case assigned to another collector, leaving it theirs', async () => {
    const owner = freshCollector();
    const c = await fresh(owner);
    const res = await assign(await collector(freshCollector()), c.gid, 'collector-z');
    // The case is not in this collector's queue: they cannot see it, so the
    // answer is the one for any case out of their sight, not a userError that
    // would confirm it exists and is someone else's.
    expect(res.data ?? null).toBeNull();
    expect(onlyErrorOf(res)).toEqual({
      message: NOT_ALLOWED,
      path: ['assignCollectionCase'],
      code: 'FORBIDDEN',
    });
    expect(JSON.stringify(res)).not.toContain(owner);
    expect(await assignedTo(c.gid, c.id)).toBe(owner);
  });

  it('refuses a resolved case: CASE_RESOLVED for OPS, FORBIDDEN for the collector who had it', async () => {
    const me = freshCollector();
    const c = await fresh(me);
    await resolve(c.id);
    const res = await assign(await ops(), c.gid, 'collector-x');
    expect(get(res.data, ['assignCollectionCase'])).toEqual({
      collectionCase: null,
      userErrors: [
        {
          code: CollectionsError.CASE_RESOLVED,
          message: 'This case is resolved.',
          field: ['caseId'],
        },
      ],
    });
    const mine = await assign(await collector(me), c.gid, me);
    expectForbidden(mine, 'assignCollectionCase');
    expect(await assignedTo(c.gid, c.id)).toBe(me);
  });

  it('refuses a collector id that is not an actor id: INVALID_COLLECTOR', async () => {
    const c = await fresh(null);
    const res = await assign(await ops(), c.gid, 'has space');
    expect(get(res.data, ['assignCollectionCase', 'userErrors', 0, 'code'])).toBe(
      CollectionsError.INVALID_COLLECTOR,
    );
    expect(await assignedTo(c.gid, c.id)).toBeNull();
  });

  it.each([Role.BORROWER, Role.UNDERWRITER, Role.COMPLIANCE])(
    'is FORBIDDEN to %s',
    async (role) => {
      const c = await fresh(null);
      const token = role === Role.BORROWER ? (await newBorrower()).token : await t.token(role);
      const res = await assign(token, c.gid, 'collector-x');
      expectForbidden(res, 'assignCollectionCase');
      expect(await assignedTo(c.gid, c.id)).toBeNull();
    },
  );

  it('answers NOT_FOUND for a case that does not exist', async () => {
    const res = await assign(await ops(), caseGid('0190a0a0-0000-7000-8000-000000000000'), 'c-1');
    expect(errorCodes(res)).toEqual(['NOT_FOUND']);
  });
});

// ------------------------------------------------------------ contact attempts

const LOG = `mutation Log($input: LogContactAttemptInput!) {
  logContactAttempt(input: $input) {
    attempt { id at channel target outcome refusedBy }
    userErrors { code message field }
  }
}`;

const ATTEMPTS = `query Attempts($id: ID!) {
  collectionCase(id: $id) { attempts { id at channel target outcome refusedBy } }
}`;

interface Attempt {
  id: string;
  at: string;
  channel: string;
  target: string;
  outcome: string;
  refusedBy: string | null;
}

describe('logContactAttempt', () => {
  /** A Shanghai (CN) borrower with an open case, on a loan 10 days overdue, assigned to `assigned`. */
  async function scene(assigned: string | null = 'collector-1', openedOn?: string) {
    const b = await newBorrower();
    const c = await caseFactory(t.db.db, {
      borrowerId: b.id,
      loanId: await overdueLoan(t, b.id),
      assignedTo: assigned,
      ...(openedOn ? { openedOn } : {}),
    });
    return { borrower: b, caseId: c.id, gid: caseGid(c.id) };
  }

  async function log(
    token: string,
    input: {
      caseId: string;
      channel: string;
      outcome: string;
      at?: string;
      target?: string;
      referenceContactId?: string;
    },
  ) {
    const res = await t.gql(LOG, {
      token,
      variables: { input: { target: 'BORROWER', ...input } },
    });
    expect(res.errors).toBeUndefined();
    return get(res.data, ['logContactAttempt']) as {
      attempt: Attempt | null;
      userErrors: { code: string; message: string; field: string[] | null }[];
    };
  }

  async function attemptsOf(gid: string, token?: string): Promise<Attempt[]> {
    const res = await t.gql(ATTEMPTS, { token: token ?? (await ops()), variables: { id: gid } });
    expect(res.errors).toBeUndefined();
    return get(res.data, ['collectionCase', 'attempts']) as Attempt[];
  }

  async function storedAttempts(caseId: string) {
    return t.db.db
      .select()
      .from(contactAttemptsTable)
      .where(eq(contactAttemptsTable.caseId, caseId));
  }

  it('records an allowed attempt with its outcome, at now by default; the case, OPS and the borrower see it', async () => {
    const s = await scene();
    const res = await log(await collector('collector-1'), {
      caseId: s.gid,
      channel: 'CALL',
      outcome: 'CONNECTED',
    });
    expect(res.userErrors).toEqual([]);
    expect(res.attempt).toMatchObject({
      channel: 'CALL',
      target: 'BORROWER',
      outcome: 'CONNECTED',
      refusedBy: null,
    });
    expect(Date.parse(res.attempt!.at)).toBe(t.clock.now().getTime());
    expect(await attemptsOf(s.gid)).toEqual([res.attempt]);
    expect(await attemptsOf(s.gid, await collector('collector-1'))).toEqual([res.attempt]);
    // The borrower sees every attempt made about them.
    const own = await t.gql(
      'query ($id: ID!) { borrower(id: $id) { collectionCases { attempts { id outcome } } } }',
      {
        token: s.borrower.token,
        variables: { id: s.borrower.gid },
      },
    );
    expect(get(own.data, ['borrower', 'collectionCases', 0, 'attempts'])).toEqual([
      { id: res.attempt!.id, outcome: 'CONNECTED' },
    ]);
    const [row] = await storedAttempts(s.caseId);
    expect(row).toMatchObject({ actorId: 'collector-1', actorRole: 'COLLECTOR', refusedBy: null });
  });

  it.each(['NO_ANSWER', 'VOICEMAIL', 'BUSY', 'DELIVERED', 'FAILED'])(
    'records the outcome %s as given',
    async (outcome) => {
      const s = await scene();
      const res = await log(await collector('collector-1'), {
        caseId: s.gid,
        channel: outcome === 'DELIVERED' ? 'SMS' : 'CALL',
        outcome,
        at: '2026-01-15T02:00:00Z',
      });
      expect(res.userErrors).toEqual([]);
      expect(res.attempt).toMatchObject({ outcome, refusedBy: null });
      expect(Date.parse(res.attempt!.at)).toBe(Date.parse('2026-01-15T02:00:00Z'));
    },
  );

  it('refuses a CALL at 23:00 in Shanghai: REFUSED by QUIET_HOURS, a userError naming it, and recorded', async () => {
    const s = await scene();
    // 2026-01-14T15:00:00Z is 23:00 in Asia/Shanghai (UTC+8).
    const res = await log(await collector('collector-1'), {
      caseId: s.gid,
      channel: 'CALL',
      outcome: 'NO_ANSWER',
      at: '2026-01-14T15:00:00Z',
    });
    expect(res.attempt).toMatchObject({
      channel: 'CALL',
      outcome: 'REFUSED',
      refusedBy: CollectionsError.QUIET_HOURS,
    });
    expect(res.userErrors).toEqual([
      {
        code: CollectionsError.QUIET_HOURS,
        message: expect.stringContaining('Asia/Shanghai'),
        field: ['at'],
      },
    ]);
    expect(await attemptsOf(s.gid)).toEqual([res.attempt]);
    const [row] = await storedAttempts(s.caseId);
    expect(row).toMatchObject({ outcome: 'REFUSED', refusedBy: 'QUIET_HOURS', jurisdiction: 'CN' });
  });

  it('draws the Shanghai quiet hours at 22:00:00 and 08:00:00 local time', async () => {
    const s = await scene();
    const token = await collector('collector-1');
    const cases: [string, string | null][] = [
      ['2026-01-14T13:59:59Z', null], // 21:59:59
      ['2026-01-14T14:00:00Z', 'QUIET_HOURS'], // 22:00:00
      ['2026-01-14T23:59:59Z', 'QUIET_HOURS'], // 07:59:59
      ['2026-01-15T00:00:00Z', null], // 08:00:00
    ];
    for (const [at, refusedBy] of cases) {
      const res = await log(token, { caseId: s.gid, channel: 'CALL', outcome: 'NO_ANSWER', at });
      expect([at, res.attempt?.refusedBy ?? null]).toEqual([at, refusedBy]);
      expect(res.userErrors.map((e) => e.code)).toEqual(refusedBy ? [refusedBy] : []);
    }
    expect((await attemptsOf(s.gid)).map((a) => a.outcome)).toEqual([
      'NO_ANSWER',
      'REFUSED',
      'REFUSED',
      'NO_ANSWER',
    ]);
  });

  it('refuses the 4th connected call of a Shanghai day: FREQUENCY_LIMIT, recorded', async () => {
    const s = await scene();
    const token = await collector('collector-1');
    for (const at of ['2026-01-15T01:00:00Z', '2026-01-15T02:00:00Z', '2026-01-15T03:00:00Z']) {
      const ok = await log(token, { caseId: s.gid, channel: 'CALL', outcome: 'CONNECTED', at });
      expect(ok.userErrors).toEqual([]);
    }
    const fourth = await log(token, {
      caseId: s.gid,
      channel: 'CALL',
      outcome: 'CONNECTED',
      at: '2026-01-15T04:00:00Z',
    });
    expect(fourth.attempt).toMatchObject({ outcome: 'REFUSED', refusedBy: 'FREQUENCY_LIMIT' });
    expect(fourth.userErrors.map((e) => e.code)).toEqual([CollectionsError.FREQUENCY_LIMIT]);
    expect((await attemptsOf(s.gid)).map((a) => a.refusedBy)).toEqual([
      null,
      null,
      null,
      'FREQUENCY_LIMIT',
    ]);
  });

  it('refuses an opted-out channel after setContactPreference: OPTED_OUT, recorded; opting back in allows it', async () => {
    const s = await scene();
    const token = await collector('collector-1');
    const optOut = await t.gql(SET_PREFERENCE, {
      token: s.borrower.token,
      variables: { input: { borrowerId: s.borrower.gid, channel: 'SMS', optedOut: true } },
    });
    expect(get(optOut.data, ['setContactPreference', 'userErrors'])).toEqual([]);

    const refused = await log(token, { caseId: s.gid, channel: 'SMS', outcome: 'DELIVERED' });
    expect(refused.attempt).toMatchObject({ outcome: 'REFUSED', refusedBy: 'OPTED_OUT' });
    expect(refused.userErrors).toEqual([
      {
        code: CollectionsError.OPTED_OUT,
        message: 'The borrower has opted out of SMS contact.',
        field: ['channel'],
      },
    ]);
    // Another channel is not affected.
    const call = await log(token, { caseId: s.gid, channel: 'CALL', outcome: 'NO_ANSWER' });
    expect(call.userErrors).toEqual([]);

    await t.gql(SET_PREFERENCE, {
      token: s.borrower.token,
      variables: { input: { borrowerId: s.borrower.gid, channel: 'SMS', optedOut: false } },
    });
    const again = await log(token, { caseId: s.gid, channel: 'SMS', outcome: 'DELIVERED' });
    expect(again.userErrors).toEqual([]);
    expect(again.attempt).toMatchObject({ outcome: 'DELIVERED', refusedBy: null });
    expect((await attemptsOf(s.gid)).map((a) => [a.channel, a.outcome, a.refusedBy])).toEqual([
      ['SMS', 'REFUSED', 'OPTED_OUT'],
      ['CALL', 'NO_ANSWER', null],
      ['SMS', 'DELIVERED', null],
    ]);
  });

  it('refuses a collector logging on an unassigned case: NOT_ASSIGNED, recorded', async () => {
    const s = await scene(null);
    const res = await log(await collector('collector-1'), {
      caseId: s.gid,
      channel: 'CALL',
      outcome: 'CONNECTED',
    });
    expect(res.attempt).toMatchObject({ outcome: 'REFUSED', refusedBy: 'NOT_ASSIGNED' });
    expect(res.userErrors).toEqual([
      {
        code: CollectionsError.NOT_ASSIGNED,
        message: 'This case is not assigned to you.',
        field: ['caseId'],
      },
    ]);
    expect(await attemptsOf(s.gid)).toEqual([res.attempt]);
    const [row] = await storedAttempts(s.caseId);
    expect(row).toMatchObject({ actorId: 'collector-1', refusedBy: 'NOT_ASSIGNED' });
  });

  // The resolver only checks the case exists; the service refuses and records.
  it('refuses a collector logging on another collector’s case: NOT_ASSIGNED, recorded', async () => {
    // The case was collector-1's; OPS gave it to collector-2 before collector-1
    // logged the call they made. The attempt is refused and kept for review.
    const s = await scene('collector-2');
    const res = await t.gql(LOG, {
      token: await collector('collector-1'),
      variables: {
        input: { caseId: s.gid, channel: 'CALL', target: 'BORROWER', outcome: 'CONNECTED' },
      },
    });
    expect(res.errors).toBeUndefined();
    expect(get(res.data, ['logContactAttempt', 'attempt'])).toMatchObject({
      outcome: 'REFUSED',
      refusedBy: 'NOT_ASSIGNED',
    });
    expect(get(res.data, ['logContactAttempt', 'userErrors', 0, 'code'])).toBe('NOT_ASSIGNED');
    expect(JSON.stringify(res)).not.toContain('collector-2');
    const rows = await storedAttempts(s.caseId);
    expect(rows.map((r) => [r.actorId, r.outcome, r.refusedBy])).toEqual([
      ['collector-1', 'REFUSED', 'NOT_ASSIGNED'],
    ]);
  });

  it('lets OPS log on any case, assigned or not', async () => {
    const s = await scene('collector-2');
    const res = await log(await ops(), { caseId: s.gid, channel: 'EMAIL', outcome: 'DELIVERED' });
    expect(res.userErrors).toEqual([]);
    expect(res.attempt).toMatchObject({ outcome: 'DELIVERED', refusedBy: null });
  });

  it.each(['REFUSED', 'MAYBE', 'connected', ''])(
    'refuses the outcome %j with INVALID_OUTCOME and records nothing',
    async (outcome) => {
      const s = await scene();
      const res = await log(await collector('collector-1'), {
        caseId: s.gid,
        channel: 'CALL',
        outcome,
      });
      expect(res).toEqual({
        attempt: null,
        userErrors: [
          {
            code: CollectionsError.INVALID_OUTCOME,
            message:
              'Outcome must be one of CONNECTED, NO_ANSWER, VOICEMAIL, BUSY, DELIVERED, FAILED.',
            field: ['outcome'],
          },
        ],
      });
      expect(await attemptsOf(s.gid)).toEqual([]);
      expect(await storedAttempts(s.caseId)).toEqual([]);
    },
  );

  it('refuses an `at` from the end of the business date in the borrower’s time zone: AT_OUT_OF_RANGE, nothing recorded', async () => {
    const s = await scene();
    const token = await collector('collector-1');
    // 2026-01-15 ends in Asia/Shanghai at 2026-01-15T16:00:00Z.
    for (const at of ['2026-01-15T16:00:00Z', '2026-01-16T09:00:00Z', '2027-01-01T00:00:00Z']) {
      const res = await log(token, { caseId: s.gid, channel: 'EMAIL', outcome: 'DELIVERED', at });
      expect(res.attempt).toBeNull();
      expect(res.userErrors).toEqual([
        {
          code: CollectionsError.AT_OUT_OF_RANGE,
          message: expect.stringContaining('2026-01-15'),
          field: ['at'],
        },
      ]);
    }
    expect(await storedAttempts(s.caseId)).toEqual([]);
    // The last millisecond of the business date is in range.
    const last = await log(token, {
      caseId: s.gid,
      channel: 'EMAIL',
      outcome: 'DELIVERED',
      at: '2026-01-15T15:59:59.999Z',
    });
    expect(last.userErrors).toEqual([]);
    expect(Date.parse(last.attempt!.at)).toBe(Date.parse('2026-01-15T15:59:59.999Z'));
  });

  it('refuses an `at` before the case opened (2026-01-05 in Shanghai): AT_OUT_OF_RANGE', async () => {
    const s = await scene();
    const token = await collector('collector-1');
    const before = await log(token, {
      caseId: s.gid,
      channel: 'EMAIL',
      outcome: 'DELIVERED',
      at: '2026-01-04T15:59:59.999Z',
    });
    expect(before.attempt).toBeNull();
    expect(before.userErrors.map((e) => e.code)).toEqual([CollectionsError.AT_OUT_OF_RANGE]);
    expect(await storedAttempts(s.caseId)).toEqual([]);
    const opening = await log(token, {
      caseId: s.gid,
      channel: 'EMAIL',
      outcome: 'DELIVERED',
      at: '2026-01-04T16:00:00Z',
    });
    expect(opening.userErrors).toEqual([]);
  });

  it('refuses a resolved case with CASE_RESOLVED, for OPS and the collector who had it, and records both', async () => {
    const s = await scene();
    await resolve(s.caseId);
    const res = await log(await ops(), { caseId: s.gid, channel: 'CALL', outcome: 'CONNECTED' });
    expect(res.attempt).toMatchObject({ outcome: 'REFUSED', refusedBy: 'CASE_RESOLVED' });
    expect(res.userErrors).toEqual([
      {
        code: CollectionsError.CASE_RESOLVED,
        message: 'This case is resolved.',
        field: ['caseId'],
      },
    ]);
    const byCollector = await log(await collector('collector-1'), {
      caseId: s.gid,
      channel: 'CALL',
      outcome: 'CONNECTED',
    });
    expect(byCollector.userErrors.map((e) => e.code)).toEqual([CollectionsError.CASE_RESOLVED]);
    expect(
      (await storedAttempts(s.caseId)).map((r) => [r.actorId, r.outcome, r.refusedBy]),
    ).toEqual([
      ['ops-1', 'REFUSED', 'CASE_RESOLVED'],
      ['collector-1', 'REFUSED', 'CASE_RESOLVED'],
    ]);
  });

  it('refuses another collector on a resolved case with NOT_ASSIGNED first, saying nothing of its state', async () => {
    const s = await scene('collector-1');
    await resolve(s.caseId);
    const res = await log(await collector('collector-2'), {
      caseId: s.gid,
      channel: 'CALL',
      outcome: 'CONNECTED',
    });
    expect(res.attempt).toMatchObject({ outcome: 'REFUSED', refusedBy: 'NOT_ASSIGNED' });
    expect(res.userErrors.map((e) => e.code)).toEqual([CollectionsError.NOT_ASSIGNED]);
    expect(JSON.stringify(res)).not.toContain('RESOLVED');
  });

  it('refuses an open case whose loan has nothing overdue: NOTHING_OVERDUE, recorded; another collector gets NOT_ASSIGNED', async () => {
    // A case on a loan the ledger has current: nothing is overdue, whatever the case still says.
    const b = await newBorrower();
    const line = await creditLineFactory(t.db.db, b.id, { limit: '5000.00' }, t.clock);
    const loan = await drawdown(
      { db: t.db.db, clock: t.clock },
      { id: b.gid, borrowerId: b.id },
      {
        creditLineId: line.id,
        amount: Money.parseOrThrow('1000.00', 'CNY'),
        termMonths: 3,
        repaymentMethod: 'EQUAL_PRINCIPAL',
        idempotencyKey: `current-loan-${b.id}`,
      },
    );
    if (!loan.ok) throw new Error(`setup drawdown: ${loan.errors[0].code}`);
    const c = await caseFactory(t.db.db, { borrowerId: b.id, loanId: loan.value.loanId });
    const gid = caseGid(c.id);
    for (const token of [await collector('collector-1'), await ops()]) {
      const res = await log(token, { caseId: gid, channel: 'CALL', outcome: 'CONNECTED' });
      expect(res.attempt).toMatchObject({ outcome: 'REFUSED', refusedBy: 'NOTHING_OVERDUE' });
      expect(res.userErrors).toEqual([
        {
          code: CollectionsError.NOTHING_OVERDUE,
          message: 'Nothing is overdue on this loan now: the borrower is not contacted about it.',
          field: ['caseId'],
        },
      ]);
    }
    const other = await log(await collector('collector-2'), {
      caseId: gid,
      channel: 'CALL',
      outcome: 'CONNECTED',
    });
    expect(other.userErrors.map((e) => e.code)).toEqual([CollectionsError.NOT_ASSIGNED]);
    expect((await storedAttempts(c.id)).map((r) => [r.actorId, r.refusedBy])).toEqual([
      ['collector-1', 'NOTHING_OVERDUE'],
      ['ops-1', 'NOTHING_OVERDUE'],
      ['collector-2', 'NOT_ASSIGNED'],
    ]);
    // A refused attempt is not a contact: the case's last contact is unchanged.
    const [row] = await t.db.db
      .select()
      .from(collectionCasesTable)
      .where(eq(collectionCasesTable.id, c.id));
    expect(row!.lastContactAt).toBeNull();
  });

  it.each([Role.BORROWER, Role.UNDERWRITER, Role.COMPLIANCE])(
    'is FORBIDDEN to %s, recording nothing',
    async (role) => {
      const s = await scene();
      const token = role === Role.BORROWER ? s.borrower.token : await t.token(role);
      const res = await t.gql(LOG, {
        token,
        variables: {
          input: { caseId: s.gid, channel: 'CALL', target: 'BORROWER', outcome: 'CONNECTED' },
        },
      });
      expectForbidden(res, 'logContactAttempt');
      expect(await storedAttempts(s.caseId)).toEqual([]);
    },
  );

  describe('a reference contact, to locate the borrower', () => {
    // Opened 2025-12-20: the borrower has been unreachable for more than the 14 days required.
    async function subjectScene() {
      const subject = await createSubject(t);
      await t.db.db
        .update(collectionCasesTable)
        .set({
          openedOn: '2025-12-20',
          openedAt: new Date('2025-12-19T16:00:00Z'),
          loanId: await overdueLoan(t, subject.id),
        })
        .where(eq(collectionCasesTable.borrowerId, subject.id));
      const [kase] = await t.db.db
        .select()
        .from(collectionCasesTable)
        .where(eq(collectionCasesTable.borrowerId, subject.id));
      return { subject, gid: caseGid(kase!.id), caseId: kase!.id };
    }

    it('refuses without a REFERENCE_CONTACTS grant for COLLECTIONS: NO_GRANT, recorded, nothing read', async () => {
      const s = await subjectScene();
      const before = (await accessLog(t, s.subject.id)).length;
      const res = await log(await collector('collector-1'), {
        caseId: s.gid,
        channel: 'CALL',
        outcome: 'CONNECTED',
        target: 'REFERENCE_CONTACT',
        referenceContactId: s.subject.references[0]!.id,
      });
      expect(res.attempt).toMatchObject({
        target: 'REFERENCE_CONTACT',
        outcome: 'REFUSED',
        refusedBy: 'NO_GRANT',
      });
      expect(res.userErrors.map((e) => e.code)).toEqual([CollectionsError.NO_GRANT]);
      expect((await accessLog(t, s.subject.id)).length).toBe(before);
      expectNoSecrets(res, s.subject);
    });

    it('allows it under the grant, read through the guard into the access log, once per contact', async () => {
      const s = await subjectScene();
      const g = await grant(t, s.subject, 'REFERENCE_CONTACTS', 'COLLECTIONS', Role.COLLECTOR);
      const token = await collector('collector-1');
      const first = await log(token, {
        caseId: s.gid,
        channel: 'CALL',
        outcome: 'CONNECTED',
        target: 'REFERENCE_CONTACT',
        referenceContactId: s.subject.references[0]!.id,
      });
      expect(first.userErrors).toEqual([]);
      expect(first.attempt).toMatchObject({ outcome: 'CONNECTED', refusedBy: null });
      expectNoSecrets(first, s.subject);
      const [row] = await accessLog(t, s.subject.id);
      expect(row).toMatchObject({
        actorId: 'collector-1',
        actorRole: 'COLLECTOR',
        scope: 'REFERENCE_CONTACTS',
        purpose: 'COLLECTIONS',
        grantId: g.id,
        path: 'logContactAttempt.referenceContact',
      });
      const second = await log(token, {
        caseId: s.gid,
        channel: 'SMS',
        outcome: 'DELIVERED',
        target: 'REFERENCE_CONTACT',
        referenceContactId: s.subject.references[0]!.id,
      });
      expect(second.attempt).toMatchObject({ outcome: 'REFUSED', refusedBy: 'THIRD_PARTY_LIMIT' });
      expect(second.userErrors.map((e) => e.code)).toEqual([CollectionsError.THIRD_PARTY_LIMIT]);
    });
  });
});

// --------------------------------------------------------- contact preferences

const SET_PREFERENCE = `mutation Pref($input: SetContactPreferenceInput!) {
  setContactPreference(input: $input) {
    preferences { channel optedOut updatedAt }
    userErrors { code message field }
  }
}`;

const CHANNELS = ['CALL', 'EMAIL', 'LETTER', 'PUSH', 'SMS'];

describe('setContactPreference and Borrower.contactPreferences', () => {
  const PREFERENCES = `query Prefs($id: ID!) { borrower(id: $id) { contactPreferences { channel optedOut updatedAt } } }`;
  type Pref = { channel: string; optedOut: boolean; updatedAt: string };
  const byChannel = (prefs: Pref[]) =>
    [...prefs].sort((a, b) => a.channel.localeCompare(b.channel));

  async function preferencesOf(b: { gid: string; token: string }): Promise<Pref[]> {
    const res = await t.gql(PREFERENCES, { token: b.token, variables: { id: b.gid } });
    expect(res.errors).toBeUndefined();
    return get(res.data, ['borrower', 'contactPreferences']) as Pref[];
  }

  it('shows all five channels, opted in, before any preference is set', async () => {
    const b = await newBorrower();
    const prefs = byChannel(await preferencesOf(b));
    expect(prefs.map((p) => [p.channel, p.optedOut])).toEqual(CHANNELS.map((c) => [c, false]));
  });

  it('lets the borrower opt a channel out for themself, and back in', async () => {
    const b = await newBorrower();
    const res = await t.gql(SET_PREFERENCE, {
      token: b.token,
      variables: { input: { borrowerId: b.gid, channel: 'CALL', optedOut: true } },
    });
    expect(res.errors).toBeUndefined();
    expect(get(res.data, ['setContactPreference', 'userErrors'])).toEqual([]);
    const returned = byChannel(get(res.data, ['setContactPreference', 'preferences']) as Pref[]);
    expect(returned.map((p) => [p.channel, p.optedOut])).toEqual(
      CHANNELS.map((c) => [c, c === 'CALL']),
    );
    expect(Date.parse(returned.find((p) => p.channel === 'CALL')!.updatedAt)).toBe(
      t.clock.now().getTime(),
    );
    expect(byChannel(await preferencesOf(b))).toEqual(returned);

    await t.gql(SET_PREFERENCE, {
      token: b.token,
      variables: { input: { borrowerId: b.gid, channel: 'CALL', optedOut: false } },
    });
    expect((await preferencesOf(b)).every((p) => !p.optedOut)).toBe(true);
  });

  it("refuses a borrower setting another borrower's preference with FORBIDDEN, changing nothing", async () => {
    const mallory = await newBorrower();
    const victim = await newBorrower();
    const res = await t.gql(SET_PREFERENCE, {
      token: mallory.token,
      variables: { input: { borrowerId: victim.gid, channel: 'SMS', optedOut: true } },
    });
    expect(res.data ?? null).toBeNull();
    expect(onlyErrorOf(res)).toEqual({
      message: NOT_ALLOWED,
      path: ['setContactPreference'],
      code: 'FORBIDDEN',
    });
    expect((await preferencesOf(victim)).every((p) => !p.optedOut)).toBe(true);
    expect((await preferencesOf(mallory)).every((p) => !p.optedOut)).toBe(true);
  });

  it('requires a reason of OPS: INVALID_REASON without one, recorded with one', async () => {
    const b = await newBorrower();
    for (const reason of [undefined, null, '', '   ']) {
      const res = await t.gql(SET_PREFERENCE, {
        token: await ops(),
        variables: { input: { borrowerId: b.gid, channel: 'SMS', optedOut: true, reason } },
      });
      expect(get(res.data, ['setContactPreference'])).toEqual({
        preferences: null,
        userErrors: [
          {
            code: CollectionsError.INVALID_REASON,
            message: 'OPS records a preference with a reason.',
            field: ['reason'],
          },
        ],
      });
    }
    expect((await preferencesOf(b)).every((p) => !p.optedOut)).toBe(true);
    const tooLong = await t.gql(SET_PREFERENCE, {
      token: await ops(),
      variables: {
        input: { borrowerId: b.gid, channel: 'SMS', optedOut: true, reason: 'x'.repeat(501) },
      },
    });
    expect(get(tooLong.data, ['setContactPreference', 'userErrors', 0, 'code'])).toBe(
      CollectionsError.INVALID_REASON,
    );
    const ok = await t.gql(SET_PREFERENCE, {
      token: await ops(),
      variables: {
        input: {
          borrowerId: b.gid,
          channel: 'SMS',
          optedOut: true,
          reason: 'Borrower asked by phone, ticket 1234',
        },
      },
    });
    expect(get(ok.data, ['setContactPreference', 'userErrors'])).toEqual([]);
    expect((await preferencesOf(b)).filter((p) => p.optedOut).map((p) => p.channel)).toEqual([
      'SMS',
    ]);
  });

  it.each([Role.COLLECTOR, Role.UNDERWRITER, Role.COMPLIANCE])(
    'is FORBIDDEN to %s',
    async (role) => {
      const b = await newBorrower();
      const res = await t.gql(SET_PREFERENCE, {
        token: await t.token(role),
        variables: { input: { borrowerId: b.gid, channel: 'SMS', optedOut: true, reason: 'r' } },
      });
      expectForbidden(res, 'setContactPreference');
      expect((await preferencesOf(b)).every((p) => !p.optedOut)).toBe(true);
    },
  );
});

// ----------------------------------------------------------- promises to pay

const PROMISE = `mutation Promise($input: RecordPromiseToPayInput!) {
  recordPromiseToPay(input: $input) {
    promise { id amount { amount currency } dueDate status }
    userErrors { code message field }
  }
}`;

describe('recordPromiseToPay', () => {
  let borrower: Awaited<ReturnType<typeof newBorrower>>;
  let caseId: string;
  let gid: string;
  beforeAll(async () => {
    // A real loan of 1000.00 CNY drawn today: what settles it today is 1000.00.
    borrower = await newBorrower();
    const line = await creditLineFactory(t.db.db, borrower.id, { limit: '20000.00' }, t.clock);
    const loan = await drawdown(
      { db: t.db.db, clock: t.clock },
      { id: borrower.gid, borrowerId: borrower.id },
      {
        creditLineId: line.id,
        amount: Money.parseOrThrow('1000.00', 'CNY'),
        termMonths: 3,
        repaymentMethod: 'EQUAL_PRINCIPAL',
        idempotencyKey: 'promise-loan',
      },
    );
    if (!loan.ok) throw new Error(`setup drawdown: ${loan.errors[0].code}`);
    const c = await caseFactory(t.db.db, {
      borrowerId: borrower.id,
      loanId: loan.value.loanId,
      assignedTo: 'collector-1',
    });
    caseId = c.id;
    gid = caseGid(c.id);
  });

  const promise = async (
    amount: string,
    dueDate: string,
    options: { currency?: string; token?: string } = {},
  ) => {
    const res = await t.gql(PROMISE, {
      token: options.token ?? (await collector('collector-1')),
      variables: {
        input: { caseId: gid, amount: { amount, currency: options.currency ?? 'CNY' }, dueDate },
      },
    });
    expect(res.errors).toBeUndefined();
    return get(res.data, ['recordPromiseToPay']) as {
      promise: { id: string; amount: { amount: string }; dueDate: string; status: string } | null;
      userErrors: { code: string; message: string; field: string[] | null }[];
    };
  };

  const promisesOnCase = async () => {
    const res = await t.gql(
      'query ($id: ID!) { collectionCase(id: $id) { status promises { id status } } }',
      {
        variables: { id: gid },
      },
    );
    return get(res.data, ['collectionCase']) as { status: string; promises: unknown[] };
  };

  it('refuses another currency: CURRENCY_MISMATCH', async () => {
    const res = await promise('100.00', '2026-01-20', { currency: 'USD' });
    expect(res).toEqual({
      promise: null,
      userErrors: [
        {
          code: CollectionsError.CURRENCY_MISMATCH,
          message: 'This loan is in CNY.',
          field: ['amount', 'currency'],
        },
      ],
    });
  });

  it.each([
    ['beyond 30 days', '2026-02-15'],
    ['a year ahead', '2027-01-15'],
    ['before the business date', '2026-01-14'],
  ])('refuses a due date %s: DUE_DATE_OUT_OF_RANGE', async (_label, dueDate) => {
    const res = await promise('100.00', dueDate);
    expect(res).toEqual({
      promise: null,
      userErrors: [
        {
          code: CollectionsError.DUE_DATE_OUT_OF_RANGE,
          message: 'The due date must be from 2026-01-15 to 2026-02-14.',
          field: ['dueDate'],
        },
      ],
    });
  });

  it('refuses a zero amount: INVALID_AMOUNT; a negative one is refused as it is parsed', async () => {
    const zero = await promise('0.00', '2026-01-20');
    expect(zero).toEqual({
      promise: null,
      userErrors: [
        {
          code: CollectionsError.INVALID_AMOUNT,
          message: 'The amount must be positive.',
          field: ['amount', 'amount'],
        },
      ],
    });
    const negative = await promise('-5.00', '2026-01-20');
    expect(negative.promise).toBeNull();
    expect(negative.userErrors.map((e) => [e.code, e.field])).toEqual([
      ['NEGATIVE_AMOUNT', ['amount', 'amount']],
    ]);
  });

  it('refuses more than is owed: AMOUNT_EXCEEDS_OWED', async () => {
    const res = await promise('1000.01', '2026-01-20');
    expect(res.promise).toBeNull();
    expect(res.userErrors.map((e) => [e.code, e.field])).toEqual([
      [CollectionsError.AMOUNT_EXCEEDS_OWED, ['amount', 'amount']],
    ]);
    expect(res.userErrors[0]!.message).toContain('1000.00');
  });

  it('has recorded nothing for any refusal', async () => {
    expect(await promisesOnCase()).toEqual({ status: 'OPEN', promises: [] });
  });

  it('records a valid promise (all that is owed, due on the last day of the horizon), then answers the same promise again, then refuses a different one: PROMISE_PENDING', async () => {
    const first = await promise('1000.00', '2026-02-14');
    expect(first.userErrors).toEqual([]);
    expect(first.promise).toMatchObject({
      amount: { amount: '1000.00' },
      dueDate: '2026-02-14',
      status: 'PENDING',
    });
    expect(await promisesOnCase()).toEqual({
      status: 'PROMISED',
      promises: [{ id: first.promise!.id, status: 'PENDING' }],
    });

    const same = await promise('1000.00', '2026-02-14');
    expect(same).toEqual(first);

    for (const [amount, dueDate] of [
      ['500.00', '2026-02-14'],
      ['1000.00', '2026-01-20'],
    ] as const) {
      const other = await promise(amount, dueDate, { token: borrower.token });
      expect(other).toEqual({
        promise: null,
        userErrors: [
          {
            code: CollectionsError.PROMISE_PENDING,
            message: 'A promise is already pending on this case.',
            field: ['caseId'],
          },
        ],
      });
    }
    expect((await promisesOnCase()).promises).toHaveLength(1);
  });

  it('is FORBIDDEN to a collector the case is not assigned to, and to UNDERWRITER and COMPLIANCE', async () => {
    for (const token of [
      await collector('collector-2'),
      await t.token(Role.UNDERWRITER),
      await t.token(Role.COMPLIANCE),
    ]) {
      const res = await t.gql(PROMISE, {
        token,
        variables: {
          input: {
            caseId: gid,
            amount: { amount: '1.00', currency: 'CNY' },
            dueDate: '2026-01-20',
          },
        },
      });
      expectForbidden(res, 'recordPromiseToPay');
    }
    // Still the one promise recorded above.
    const stored = await t.db.db
      .select()
      .from(promisesToPayTable)
      .where(eq(promisesToPayTable.caseId, caseId));
    expect(stored.map((p) => p.amountMinor)).toEqual([100_000n]);
  });
});
