import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { borrowerFactory } from '@lending/borrowers/testing';
import { collectionCasesTable } from '@lending/collections/schema';
import { caseFactory } from '@lending/collections/testing';
import { Role, toGlobalId } from '@lending/kernel';
import { errorCodes, startTestGateway, type TestGateway } from './harness.js';

let t: TestGateway;
let alice: Awaited<ReturnType<typeof borrowerFactory>>;
let bob: Awaited<ReturnType<typeof borrowerFactory>>;
beforeAll(async () => {
  t = await startTestGateway();
  alice = await borrowerFactory(t.db.db, { displayName: 'Alice', timeZone: 'Asia/Shanghai' });
  bob = await borrowerFactory(t.db.db, { displayName: 'Bob', timeZone: 'America/New_York' });
});
afterAll(() => t.stop());

const BORROWER = `query ($id: ID!) { borrower(id: $id) { id displayName timeZone createdAt } }`;
const NODE = `query ($id: ID!) { node(id: $id) { id ... on Borrower { displayName } } }`;

describe('Query.borrower', () => {
  it('lets a borrower read their own record', async () => {
    const id = toGlobalId('Borrower', alice.id);
    const res = await t.gql(BORROWER, {
      token: await t.borrowerToken(alice.id),
      variables: { id },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      borrower: {
        id,
        displayName: 'Alice',
        timeZone: 'Asia/Shanghai',
        createdAt: '2026-01-15T09:00:00.000Z',
      },
    });
  });

  it("refuses a borrower another borrower's record with FORBIDDEN", async () => {
    const res = await t.gql(BORROWER, {
      token: await t.borrowerToken(alice.id),
      variables: { id: toGlobalId('Borrower', bob.id) },
    });
    expect(res.data).toEqual({ borrower: null });
    expect(errorCodes(res)).toEqual(['FORBIDDEN']);
    expect(JSON.stringify(res)).not.toContain('Bob');
  });

  it('gives a borrower the same FORBIDDEN for an id that does not exist (no probing)', async () => {
    const res = await t.gql(BORROWER, {
      token: await t.borrowerToken(alice.id),
      variables: { id: toGlobalId('Borrower', '01937a5e-0000-7000-8000-0000000fffff') },
    });
    expect(errorCodes(res)).toEqual(['FORBIDDEN']);
  });

  it.each([Role.OPS, Role.UNDERWRITER, Role.COMPLIANCE])(
    'lets %s read a borrower',
    async (role) => {
      const res = await t.gql(BORROWER, {
        token: await t.token(role),
        variables: { id: toGlobalId('Borrower', bob.id) },
      });
      expect((res.data as { borrower: { displayName: string } }).borrower.displayName).toBe('Bob');
    },
  );

  it('lets a collector read a borrower only while a case of theirs, or an unassigned one, is open', async () => {
    const carol = await borrowerFactory(t.db.db, { displayName: 'Carol' });
    const read = async (sub: string) =>
      t.gql(BORROWER, {
        token: await t.token(Role.COLLECTOR, sub),
        variables: { id: toGlobalId('Borrower', carol.id) },
      });
    // No case at all: no collector sees her.
    expect(errorCodes(await read('collector-1'))).toEqual(['FORBIDDEN']);
    // An unassigned open case: in every collector's queue.
    const unassigned = await caseFactory(t.db.db, { borrowerId: carol.id, assignedTo: null });
    expect(
      ((await read('collector-2')).data as { borrower: { displayName: string } }).borrower
        .displayName,
    ).toBe('Carol');
    // Assigned to collector-1: collector-2 no longer sees her.
    await t.db.db
      .update(collectionCasesTable)
      .set({ assignedTo: 'collector-1' })
      .where(eq(collectionCasesTable.id, unassigned.id));
    expect(errorCodes(await read('collector-2'))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await read('collector-1'))).toEqual([]);
    // Resolved: nobody.
    await t.db.db
      .update(collectionCasesTable)
      .set({ status: 'RESOLVED', resolution: 'CURED', resolvedOn: '2026-01-15' })
      .where(eq(collectionCasesTable.id, unassigned.id));
    expect(errorCodes(await read('collector-1'))).toEqual(['FORBIDDEN']);
  });

  it.each([
    ['garbage', 'not-a-global-id'],
    ['another type', toGlobalId('Loan', '01937a5e-0000-7000-8000-000000000001')],
    ['a non-uuid local id', Buffer.from('Borrower:42').toString('base64url')],
    ['an unknown borrower', toGlobalId('Borrower', '01937a5e-0000-7000-8000-0000000fffff')],
    ['an empty string', ''],
  ])('answers %s with NOT_FOUND for staff', async (_label, id) => {
    const res = await t.gql(BORROWER, { variables: { id } });
    expect(res.data).toEqual({ borrower: null });
    expect(errorCodes(res)).toEqual(['NOT_FOUND']);
  });
});

describe('Query.node', () => {
  it('resolves a borrower by global id for staff', async () => {
    const id = toGlobalId('Borrower', alice.id);
    const res = await t.gql(NODE, { variables: { id } });
    expect(res.data).toEqual({ node: { id, displayName: 'Alice' } });
  });

  it("applies the owning module's authorization: a borrower cannot reach another borrower", async () => {
    const res = await t.gql(NODE, {
      token: await t.borrowerToken(alice.id),
      variables: { id: toGlobalId('Borrower', bob.id) },
    });
    expect(res.data).toEqual({ node: null });
    expect(errorCodes(res)).toEqual(['FORBIDDEN']);
  });

  it.each([
    ['garbage', '%%%'],
    ['an unknown type', toGlobalId('Spaceship', '01937a5e-0000-7000-8000-000000000001')],
    ['an over-long id', 'A'.repeat(5000)],
  ])('answers %s with NOT_FOUND and keeps serving', async (_label, id) => {
    const res = await t.gql(NODE, { variables: { id } });
    expect(res.data).toEqual({ node: null });
    expect(errorCodes(res)).toEqual(['NOT_FOUND']);
  });
});

describe('Query.viewer and Query.businessDate', () => {
  it('gives a borrower viewer their borrower record', async () => {
    const res = await t.gql('{ viewer { id role borrower { displayName } } businessDate }', {
      token: await t.borrowerToken(alice.id),
    });
    expect(res.data).toEqual({
      viewer: {
        id: toGlobalId('Borrower', alice.id),
        role: 'BORROWER',
        borrower: { displayName: 'Alice' },
      },
      businessDate: '2026-01-15',
    });
  });

  it('gives staff no borrower record', async () => {
    const res = await t.gql('{ viewer { borrower { id } } }', {
      token: await t.token(Role.UNDERWRITER),
    });
    expect(res.data).toEqual({ viewer: { borrower: null } });
  });
});
