import { getNamedType, isObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { borrowerFactory } from '@lending/borrowers/testing';
import { caseFactory } from '@lending/collections/testing';
import { importAddressBook, registerBorrower } from '@lending/consent';
import { Money, Role, toGlobalId } from '@lending/kernel';
import { drawdown, makeRepayment } from '@lending/ledger';
import { creditLineFactory } from '@lending/ledger/testing';
import { defaultModules } from '../src/modules.js';
import { buildGatewaySchema } from '../src/schema.js';
import { contactDeps, phone } from './consent-fixtures.js';
import { errorCodes, startTestGateway, type GraphQLResponse, type TestGateway } from './harness.js';

// Every connection in the schema, paged through with a small `first`, and fed
// cursors that are malformed, from another connection, of the wrong kind, or
// past the end. Runs on PGlite, and on PostgreSQL when DATABASE_URL is set.

const BAD_CURSOR = 'after is not a cursor from this connection.';
const LOANS = 5;
const REPAYMENTS = 6;
const ADDRESS_BOOK = 7;
const CONTACT_READS = 5;
const QUEUE = 6;

let t: TestGateway;
let alice: { id: string; gid: string; token: string };
let bob: { id: string; gid: string; token: string };
let carol: { id: string; gid: string; token: string };
let loanGid: string;
/** Alice's loans, in the order they were drawn. */
const loanIds: string[] = [];
/** The queue's cases, in the order they were created. */
const caseIds: string[] = [];

async function borrower(id: string) {
  return { id, gid: toGlobalId('Borrower', id), token: await t.borrowerToken(id) };
}

beforeAll(async () => {
  t = await startTestGateway();
  const cny = (s: string) => Money.parseOrThrow(s, 'CNY');

  // Alice: loans on one line; the first loan has a disbursement and repayments,
  // some posted at the same instant (the cursor then orders by id).
  alice = await borrower((await borrowerFactory(t.db.db, { displayName: 'Alice' })).id);
  const line = await creditLineFactory(t.db.db, alice.id, { limit: '20000.00' }, t.clock);
  const deps = { db: t.db.db, clock: t.clock };
  for (let i = 0; i < LOANS; i++) {
    const loan = await drawdown(
      deps,
      { id: alice.gid, borrowerId: alice.id },
      {
        creditLineId: line.id,
        amount: cny('1000.00'),
        termMonths: 3,
        repaymentMethod: 'EQUAL_PRINCIPAL',
        idempotencyKey: `loan-${i}`,
      },
    );
    if (!loan.ok) throw new Error(`setup drawdown: ${loan.errors[0].code}`);
    loanIds.push(loan.value.loanId);
  }
  loanGid = toGlobalId('Loan', loanIds[0]!);
  for (let i = 0; i < REPAYMENTS; i++) {
    if (i % 2 === 1) t.clock.set(new Date(t.clock.now().getTime() + 1500));
    const paid = await makeRepayment(
      deps,
      { id: alice.gid, role: Role.BORROWER, borrowerId: alice.id },
      { loanId: loanIds[0]!, amount: cny('10.00'), idempotencyKey: `pay-${i}` },
    );
    if (!paid.ok) throw new Error(`setup repayment: ${paid.errors[0].code}`);
  }

  // Bob: an address book.
  bob = await borrower((await borrowerFactory(t.db.db, { displayName: 'Bob' })).id);
  const imported = await importAddressBook(
    contactDeps(t),
    bob.id,
    Array.from({ length: ADDRESS_BOOK }, (_, k) => ({
      name: `Entry ${k}`,
      phone: phone(5, 1, k).input,
    })),
  );
  if (!imported.ok) throw new Error(`setup address book: ${imported.errors[0].code}`);

  // Carol: her own reads of her contact points, each a row of her access log.
  const registered = await registerBorrower(contactDeps(t), 'ops-seed', {
    displayName: 'Carol',
    timeZone: 'Asia/Shanghai',
    contactPoints: [{ kind: 'PHONE', value: phone(4, 1, 1).input }],
    idempotencyKey: 'carol',
  });
  if (!registered.ok) throw new Error(`setup registration: ${registered.errors[0].code}`);
  carol = await borrower(registered.value.borrowerId);
  for (let i = 0; i < CONTACT_READS; i++) {
    const read = await t.gql(
      'query ($id: ID!) { borrower(id: $id) { contactPoints(purpose: SERVICING) { kind } } }',
      { token: carol.token, variables: { id: carol.gid } },
    );
    expect(read.errors).toBeUndefined();
  }

  // Open cases for the queue: some in one bucket with the same amount, so the id breaks the tie.
  for (let i = 0; i < QUEUE; i++) {
    const created = await caseFactory(t.db.db, {
      borrowerId: carol.id,
      daysPastDue: [5, 45, 45, 45, 95, 5][i]!,
      amountOverdueMinor: [100n, 900n, 900n, 300n, 50n, 100n][i]!,
      assignedTo: null,
    });
    caseIds.push(created.id);
  }
}, 120_000);
afterAll(() => t.stop());

interface Page {
  edges: { cursor: string; node: Record<string, unknown> }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const PAGE_FIELDS = 'pageInfo { hasNextPage endCursor }';

interface ConnectionCase {
  /**
   * Asserts the nodes, paged through, are in the connection's documented
   * order, against what the setup created rather than against the API itself.
   */
  readonly expectOrder: (nodes: readonly Record<string, unknown>[]) => void;
  /** `Type.field`, as in the schema. */
  readonly name: string;
  readonly expected: number;
  /** The kind of each part of a cursor, in order. */
  readonly parts: readonly ('uuid' | 'instant' | 'bigint')[];
  /** Parts that sort after every item: a stale cursor. */
  readonly pastTheEnd: readonly string[];
  fetch(first: number | null, after: string | null): Promise<GraphQLResponse>;
  page(res: GraphQLResponse): Page | undefined;
  /** What tells two items apart. */
  identity(node: Record<string, unknown>): string;
}

const data = (res: GraphQLResponse, path: string[]): Page | undefined => {
  let value: unknown = res.data;
  for (const key of path) value = (value as Record<string, unknown> | null | undefined)?.[key];
  return value as Page | undefined;
};

const MAX_UUID_V7 = 'ffffffff-ffff-7fff-bfff-ffffffffffff';

const CONNECTIONS: readonly ConnectionCase[] = [
  {
    name: 'Borrower.loans',
    // By id: a loan's id is time-ordered, so in the order they were drawn.
    expectOrder: (nodes) =>
      expect(nodes.map((n) => n['id'])).toEqual(loanIds.map((id) => toGlobalId('Loan', id))),
    expected: LOANS,
    parts: ['uuid'],
    pastTheEnd: [MAX_UUID_V7],
    fetch: (first, after) =>
      t.gql(
        `query ($id: ID!, $first: Int, $after: String) { borrower(id: $id) {
          loans(first: $first, after: $after) { edges { cursor node { id } } ${PAGE_FIELDS} } } }`,
        { token: alice.token, variables: { id: alice.gid, first, after } },
      ),
    page: (res) => data(res, ['borrower', 'loans']),
    identity: (node) => node['id'] as string,
  },
  {
    name: 'Loan.transactions',
    // Oldest first; transactions posted at one instant in id order.
    expectOrder: (nodes) => {
      const at = nodes.map((n) => Date.parse(n['createdAt'] as string));
      expect(at).toEqual([...at].sort((a, b) => a - b));
      expect(new Set(at).size).toBeLessThan(at.length);
      for (let i = 1; i < nodes.length; i++)
        if (at[i] === at[i - 1])
          expect((nodes[i]!['id'] as string) > (nodes[i - 1]!['id'] as string)).toBe(true);
      expect(nodes.map((n) => n['kind'])).toEqual([
        'DISBURSEMENT',
        ...Array<string>(REPAYMENTS).fill('REPAYMENT'),
      ]);
    },
    expected: 1 + REPAYMENTS,
    parts: ['instant', 'uuid'],
    pastTheEnd: ['9999-12-31T23:59:59.999Z', MAX_UUID_V7],
    fetch: (first, after) =>
      t.gql(
        `query ($id: ID!, $first: Int, $after: String) { loan(id: $id) {
          transactions(first: $first, after: $after) { edges { cursor node { id kind createdAt } } ${PAGE_FIELDS} } } }`,
        { token: alice.token, variables: { id: loanGid, first, after } },
      ),
    page: (res) => data(res, ['loan', 'transactions']),
    identity: (node) => node['id'] as string,
  },
  {
    name: 'Borrower.addressBook',
    // By entry id, which the API does not show: every imported entry, each once.
    expectOrder: (nodes) =>
      expect(nodes.map((n) => n['phone']).sort()).toEqual(
        Array.from({ length: ADDRESS_BOOK }, (_, k) => phone(5, 1, k).e164).sort(),
      ),
    expected: ADDRESS_BOOK,
    parts: ['uuid'],
    pastTheEnd: [MAX_UUID_V7],
    fetch: (first, after) =>
      t.gql(
        `query ($id: ID!, $first: Int, $after: String) { borrower(id: $id) {
          addressBook(purpose: SERVICING, first: $first, after: $after) { edges { cursor node { name phone } } ${PAGE_FIELDS} } } }`,
        { token: bob.token, variables: { id: bob.gid, first, after } },
      ),
    page: (res) => data(res, ['borrower', 'addressBook']),
    identity: (node) => node['phone'] as string,
  },
  {
    name: 'Query.contactAccessLog',
    // Newest first: Carol's reads, latest at the top.
    expectOrder: (nodes) => {
      const at = nodes.map((n) => Date.parse(n['at'] as string));
      expect(at).toEqual([...at].sort((a, b) => b - a));
      expect(new Set(nodes.map((n) => n['id'])).size).toBe(CONTACT_READS);
    },
    expected: CONTACT_READS,
    parts: ['bigint'],
    // Newest first: past the end is below the first sequence number.
    pastTheEnd: ['0'],
    fetch: (first, after) =>
      t.gql(
        `query ($id: ID!, $first: Int, $after: String) {
          contactAccessLog(borrowerId: $id, first: $first, after: $after) { edges { cursor node { id at } } ${PAGE_FIELDS} } }`,
        { token: carol.token, variables: { id: carol.gid, first, after } },
      ),
    page: (res) => data(res, ['contactAccessLog']),
    identity: (node) => node['id'] as string,
  },
  {
    name: 'Query.collectionsQueue',
    // Worst bucket, then the most overdue, then the highest id (every key descending:
    // of two equal cases the newer comes first), from the setup's days and amounts.
    expectOrder: (nodes) => {
      const byId = (...i: number[]) =>
        i
          .map((k) => caseIds[k]!)
          .sort()
          .reverse();
      const expected = [[caseIds[4]!], byId(1, 2), [caseIds[3]!], byId(0, 5)].flat();
      expect(nodes.map((n) => n['id'])).toEqual(
        expected.map((id) => toGlobalId('CollectionCase', id)),
      );
      expect(nodes.map((n) => n['bucket'])).toEqual([
        'DPD_90_PLUS',
        'DPD_31_60',
        'DPD_31_60',
        'DPD_31_60',
        'DPD_1_30',
        'DPD_1_30',
      ]);
      expect(nodes.map((n) => (n['amountOverdue'] as { amount: string }).amount)).toEqual([
        '0.50',
        '9.00',
        '9.00',
        '3.00',
        '1.00',
        '1.00',
      ]);
    },
    expected: QUEUE,
    parts: ['bigint', 'bigint', 'bigint', 'bigint', 'uuid'],
    // Priority order, highest first: past the end is the lowest key there is.
    pastTheEnd: ['0', '0', '0', '0', '00000000-0000-7000-8000-000000000000'],
    fetch: (first, after) =>
      t.gql(
        `query ($first: Int, $after: String) {
          collectionsQueue(first: $first, after: $after) { edges { cursor node { id bucket amountOverdue { amount } } } ${PAGE_FIELDS} } }`,
        { variables: { first, after } },
      ),
    page: (res) => data(res, ['collectionsQueue']),
    identity: (node) => node['id'] as string,
  },
];

/** One page, asserted to have come back without errors. */
async function fetchPage(c: ConnectionCase, first: number | null, after: string | null) {
  const res = await c.fetch(first, after);
  expect(res.errors, `${c.name}(first: ${first}, after: ${after})`).toBeUndefined();
  const page = c.page(res);
  expect(page).toBeDefined();
  return page!;
}

/** Everything, through pages of `first`, checking each page's shape on the way. */
async function pageThrough(c: ConnectionCase, first: number): Promise<Page['edges']> {
  const edges: Page['edges'] = [];
  let after: string | null = null;
  for (let pages = 0; ; pages++) {
    expect(pages, `${c.name} never reached its last page`).toBeLessThanOrEqual(c.expected + 1);
    const page = await fetchPage(c, first, after);
    expect(page.edges.length).toBeLessThanOrEqual(first);
    expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)?.cursor ?? null);
    edges.push(...page.edges);
    if (!page.pageInfo.hasNextPage) break;
    expect(page.edges).toHaveLength(first);
    after = page.pageInfo.endCursor;
  }
  return edges;
}

/** Encodes text as the gateway's cursors are: base64url. */
const asCursor = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
/** A real cursor of a connection, split into its `<connection>.v<n>:` prefix and its parts. */
function parse(cursor: string): { prefix: string; parts: string[] } {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const colon = text.indexOf(':');
  return { prefix: text.slice(0, colon + 1), parts: text.slice(colon + 1).split('|') };
}

/** Values of the right length (where there is one) that are not of the part's kind. */
const NOT_OF_KIND: Record<ConnectionCase['parts'][number], readonly string[]> = {
  // 36 characters, as a UUID, some of them SQL.
  uuid: ["x' or '1'='1' --xxxxxxxxxxxxxxxxxxxx", 'zzzzzzzz-zzzz-7zzz-bzzz-zzzzzzzzzzzz'],
  instant: ['2026-02-30T09:00:00.000Z', '2026-01-15T09:00:00Z', "2026-01-15' or '1'='1"],
  bigint: ['9223372036854775808', '-1', '01', '1e3', "1' or '1'='1"],
};

const firstCursor: Record<string, string> = {};
const allItems: Record<string, string[]> = {};

describe('every connection in the schema', () => {
  it('is covered here', async () => {
    const schema = await buildGatewaySchema(defaultModules);
    const connections: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      for (const field of Object.values(type.getFields())) {
        if (getNamedType(field.type).name.endsWith('Connection')) {
          connections.push(`${type.name}.${field.name}`);
        }
      }
    }
    expect(connections.sort()).toEqual(CONNECTIONS.map((c) => c.name).sort());
  });
});

// A first cursor and the full list of every connection, read once all data is in place.
beforeAll(async () => {
  for (const c of CONNECTIONS) {
    const all = await fetchPage(c, 100, null);
    expect(all.pageInfo.hasNextPage).toBe(false);
    expect(all.edges).toHaveLength(c.expected);
    firstCursor[c.name] = all.edges[0]!.cursor;
    allItems[c.name] = all.edges.map((e) => c.identity(e.node));
  }
});

describe.each(CONNECTIONS)('$name', (c) => {
  it.each([1, 2, 3])(
    'pages through every item with first: %i, losing and repeating none',
    async (first) => {
      const edges = await pageThrough(c, first);
      const items = edges.map((e) => c.identity(e.node));
      expect(new Set(items).size).toBe(items.length);
      expect(items).toEqual(allItems[c.name]);
      expect(new Set(edges.map((e) => e.cursor)).size).toBe(edges.length);
    },
  );

  it('pages in order', async () => {
    const edges = await pageThrough(c, 2);
    expect(edges).toHaveLength(c.expected);
    c.expectOrder(edges.map((e) => e.node));
  });

  it('hands out opaque cursors of the one format, never the node id', () => {
    const cursor = firstCursor[c.name]!;
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    const { prefix, parts } = parse(cursor);
    expect(prefix).toMatch(/^[a-z][a-zA-Z0-9]*\.v1:$/);
    expect(parts).toHaveLength(c.parts.length);
    expect(allItems[c.name]).not.toContain(cursor);
  });

  it('answers first: 0 with no items, and a negative first with BAD_USER_INPUT', async () => {
    const empty = await fetchPage(c, 0, null);
    expect(empty.edges).toEqual([]);
    expect(empty.pageInfo).toEqual({ hasNextPage: true, endCursor: null });
    expect(errorCodes(await c.fetch(-1, null))).toEqual(['BAD_USER_INPUT']);
  });

  const expectBadCursor = async (after: string, label: string) => {
    const res = await c.fetch(2, after);
    expect(errorCodes(res), `${c.name}(after: ${label})`).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0]!.message).toBe(BAD_CURSOR);
  };

  it('refuses a malformed cursor with BAD_USER_INPUT', async () => {
    const { prefix, parts } = parse(firstCursor[c.name]!);
    const malformed: [string, string][] = [
      ['an empty string', ''],
      ['plain text', 'not a cursor'],
      ['base64url of nothing useful', asCursor('hello')],
      ['a character outside base64url', `${firstCursor[c.name]!.slice(0, -1)}/`],
      ['base64 padding', `${firstCursor[c.name]!}=`],
      ['a very long string', 'A'.repeat(5000)],
      ['a node id', loanGid],
      ['the prefix alone', asCursor(prefix)],
      ['another version', asCursor(`${prefix.replace('.v1:', '.v2:')}${parts.join('|')}`)],
      ['a part too many', asCursor(`${prefix}${[...parts, parts[0]!].join('|')}`)],
      ['a part too few', asCursor(`${prefix}${parts.slice(1).join('|')}`)],
      ['an empty part', asCursor(`${prefix}${parts.map(() => '').join('|')}`)],
    ];
    for (const [label, after] of malformed) await expectBadCursor(after, label);
  });

  it('refuses a cursor of another connection with BAD_USER_INPUT', async () => {
    expect(Object.keys(firstCursor)).toHaveLength(CONNECTIONS.length);
    for (const other of CONNECTIONS) {
      if (other.name === c.name) continue;
      await expectBadCursor(firstCursor[other.name]!, `a cursor of ${other.name}`);
    }
  });

  it('refuses a cursor whose parts are not of their kind (a non-UUID id of the right length, …) with BAD_USER_INPUT', async () => {
    const { prefix, parts } = parse(firstCursor[c.name]!);
    for (const [i, kind] of c.parts.entries()) {
      for (const bad of NOT_OF_KIND[kind]) {
        const swapped = parts.map((p, j) => (j === i ? bad : p));
        await expectBadCursor(asCursor(prefix + swapped.join('|')), `${kind} part ${bad}`);
      }
    }
  });

  it('answers a stale cursor, past the last item, with an empty last page', async () => {
    const edges = await pageThrough(c, 100);
    const last = edges.at(-1)!.cursor;
    const { prefix } = parse(last);
    for (const after of [last, asCursor(prefix + c.pastTheEnd.join('|'))]) {
      const page = await fetchPage(c, 2, after);
      expect(page).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
    }
  });
});
