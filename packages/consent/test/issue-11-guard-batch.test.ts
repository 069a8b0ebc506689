import { sql } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import { borrowerFactory } from '@lending/borrowers/testing';
import { createDb, type Db } from '@lending/db';
import { FixedClock, Role } from '@lending/kernel';
import { dbTest as test } from '@lending/testing/fixtures';
import {
  addReferenceContact,
  appendAccess,
  grantConsent,
  hashAccess,
  listAccessLog,
  loadSealedReferenceContacts,
  recordReads,
  revokeConsent,
  verifyAccessLog,
  type AccessEntry,
  type ContactReadRequest,
  type NeedToKnowRule,
} from '../src/index.js';
import { EVIDENCE, borrowerActor, staffActor, testVault } from '../src/testing.js';

// Issue 11: the guard decides and records a whole request's reads in one
// statement. These tests hold it to the promise: no read without a live grant,
// no value without its committed record, a denied read leaves no row, and the
// chain stays whole under concurrency.

const clock = new FixedClock('2026-01-15T09:00:00Z');
const vault = testVault();
const uw = staffActor(Role.UNDERWRITER);
const deps = (db: Db, needToKnow: readonly NeedToKnowRule[] = []) => ({
  db,
  clock,
  vault,
  needToKnow,
});

let borrowers: string[] = [];

test.beforeAll(async ({ db }) => {
  borrowers = [];
  for (let b = 0; b < 4; b++) {
    const id = (await borrowerFactory(db)).id;
    borrowers.push(id);
    const added = await addReferenceContact({ db, clock, vault }, id, {
      relationship: 'friend',
      name: `Friend ${b}`,
      phone: `+86 138 0013 ${String(8000 + b)}`,
    });
    if (!added.ok) throw new Error('setup');
    // Borrowers 0-2 grant the underwriter; borrower 3 does not.
    if (b < 3) {
      const granted = await grantConsent(db, clock, borrowerActor(id), {
        borrowerId: id,
        scope: 'REFERENCE_CONTACTS',
        purpose: 'UNDERWRITING',
        grantee: Role.UNDERWRITER,
        expiresAt: null,
        evidence: EVIDENCE,
      });
      if (!granted.ok) throw new Error('setup');
    }
  }
});

const request = (
  borrowerId: string,
  overrides: Partial<ContactReadRequest> = {},
): ContactReadRequest => ({
  actor: uw,
  borrowerId,
  scope: 'REFERENCE_CONTACTS',
  purpose: 'UNDERWRITING',
  fields: ['name', 'phone'],
  path: `b.${borrowerId}.referenceContacts`,
  operationName: 'Batch',
  requestId: 'req-batch',
  ...overrides,
});

async function statementsOf(db: Db, work: (db: Db) => Promise<unknown>): Promise<number> {
  // The same handle, counting the raw statements the guard sends through it.
  let count = 0;
  const counting = new Proxy(db, {
    get(target, key, receiver) {
      if (key === 'execute') {
        return (query: unknown) => {
          count += 1;
          return target.execute(query as never);
        };
      }
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
  await work(counting);
  return count;
}

describe('recordReads', () => {
  test('decides and records many borrowers in one statement; the denied one gets null and no row', async ({
    db,
  }) => {
    const before = await Promise.all(borrowers.map((b) => verifyAccessLog(db, b)));
    let reads: Awaited<ReturnType<typeof recordReads>> = [];
    const statements = await statementsOf(db, async (counting) => {
      reads = await recordReads(
        deps(counting),
        borrowers.map((b) => request(b)),
      );
    });
    expect(statements).toBe(1);
    expect(reads.map((r) => r !== null)).toEqual([true, true, true, false]);
    for (const [i, read] of reads.entries()) {
      const after = await verifyAccessLog(db, borrowers[i]!);
      const length = (before[i] as { length: number }).length;
      expect(after).toEqual({ ok: true, length: read ? length + 1 : length });
      if (!read) continue;
      expect(read.access).toMatchObject({
        borrowerId: borrowers[i],
        actorRole: 'UNDERWRITER',
        fields: ['name', 'phone'],
      });
      expect(read.access.grantId).not.toBeNull();
      // The row the statement wrote is the row the borrower sees.
      const [newest] = (await listAccessLog(db, borrowers[i]!, 1, null)).records;
      expect(newest).toEqual(read.access);
    }
  });

  test('a recorded read reveals its own borrower and scope, once', async ({ db }) => {
    const [read] = await recordReads(deps(db), [request(borrowers[0]!)]);
    if (!read) throw new Error('expected a read');
    const sealed = (await loadSealedReferenceContacts(db, [borrowers[0]!])).get(borrowers[0]!);
    expect(read.reveal(sealed)).toMatchObject([{ name: 'Friend 0', phone: '+8613800138000' }]);
    expect(() => read.reveal(sealed)).toThrow(/once/);
    const [other] = await recordReads(deps(db), [request(borrowers[1]!)]);
    expect(() => other!.reveal(sealed)).toThrow();
  });

  test('denies without a statement what policy or the data subject rule refuses', async ({
    db,
  }) => {
    const statements = await statementsOf(db, async (counting) => {
      const reads = await recordReads(deps(counting), [
        // Not grantable at all: the address book to collections.
        request(borrowers[0]!, {
          actor: staffActor(Role.COLLECTOR),
          scope: 'ADDRESS_BOOK',
          purpose: 'COLLECTIONS',
        }),
        // A borrower reading someone else.
        request(borrowers[0]!, { actor: borrowerActor(borrowers[1]!) }),
      ]);
      expect(reads).toEqual([null, null]);
    });
    expect(statements).toBe(0);
  });

  test('checks a need-to-know condition inside the statement', async ({ db }) => {
    const granted = await grantConsent(db, clock, borrowerActor(borrowers[0]!), {
      borrowerId: borrowers[0]!,
      scope: 'REFERENCE_CONTACTS',
      purpose: 'COLLECTIONS',
      grantee: Role.COLLECTOR,
      expiresAt: null,
      evidence: EVIDENCE,
    });
    if (!granted.ok) throw new Error('setup');
    const allowedBorrower = borrowers[0]!;
    const rule: NeedToKnowRule = {
      name: 'only borrower 0, and only collector-1',
      appliesTo: (role) => role === Role.COLLECTOR,
      condition: ({ actorId, borrowerId }) =>
        sql`(${borrowerId} = ${allowedBorrower}::uuid and ${actorId} = 'collector-1')`,
      isMet: () => Promise.reject(new Error('the statement checks this rule')),
    };
    const asCollector = (id: string) =>
      request(borrowers[0]!, {
        actor: staffActor(Role.COLLECTOR, id),
        purpose: 'COLLECTIONS',
      });
    const before = await verifyAccessLog(db, borrowers[0]!);
    const [denied] = await recordReads(deps(db, [rule]), [asCollector('collector-2')]);
    expect(denied).toBeNull();
    expect(await verifyAccessLog(db, borrowers[0]!)).toEqual(before);
    const [allowed] = await recordReads(deps(db, [rule]), [asCollector('collector-1')]);
    expect(allowed?.access.grantId).toBe(granted.value.id);
  });

  test('a revoked grant opens nothing from the next statement on', async ({ db }) => {
    const target = borrowers[2]!;
    const { records } = await listAccessLog(db, target, 1, null);
    const grantId = records[0]?.grantId;
    if (!grantId) throw new Error('setup: borrower 2 was read under a grant');
    await revokeConsent(db, clock, borrowerActor(target), grantId, null);
    const before = await verifyAccessLog(db, target);
    const reads = await recordReads(deps(db), [request(target), request(borrowers[0]!)]);
    expect(reads.map((r) => r !== null)).toEqual([false, true]);
    expect(await verifyAccessLog(db, target)).toEqual(before);
  });

  test('fails the whole batch, revealing nothing, when a record cannot be written', async ({
    db,
  }) => {
    await db.execute(sql`create function refuse_batch_log() returns trigger language plpgsql as $$
      begin if new.path like '%refuse%' then raise exception 'log unavailable'; end if;
      return new; end $$`);
    await db.execute(
      sql`create trigger refuse_batch_log before insert on contact_access_log for each row execute function refuse_batch_log()`,
    );
    try {
      const before = await Promise.all(borrowers.map((b) => verifyAccessLog(db, b)));
      await expect(
        recordReads(deps(db), [request(borrowers[0]!), request(borrowers[1]!, { path: 'refuse' })]),
      ).rejects.toThrow();
      // The statement is atomic: the row written before the failure is gone too.
      expect(await Promise.all(borrowers.map((b) => verifyAccessLog(db, b)))).toEqual(before);
    } finally {
      await db.execute(sql`drop trigger refuse_batch_log on contact_access_log`);
    }
  });
});

describe('the chain written by SQL', () => {
  test('hashes exactly as hashAccess does, awkward strings included', async ({ db }) => {
    const borrowerId = (await borrowerFactory(db)).id;
    const base: AccessEntry = {
      borrowerId,
      at: new Date('2026-01-15T09:00:00.123Z'),
      actorId: 'ops-"1"\\',
      actorRole: Role.OPS,
      purpose: 'SERVICING',
      scope: 'SELF_CONTACT',
      grantId: null,
      fields: [],
      path: 'a.b',
      operationName: null,
      requestId: 'r',
    };
    const entries: AccessEntry[] = [
      base,
      { ...base, fields: ['kind', 'va"lue', 'line\nbreak\ttab\u0001\u001f'], path: '数据.📞' },
      { ...base, operationName: '', clientRequestId: '', tokenId: '', actedBy: '' },
      { ...base, operationName: 'Op', clientRequestId: 'client-1', tokenId: null, actedBy: null },
      { ...base, tokenId: 'jti-\u2028', actedBy: 'ops-2', grantId: borrowerId },
      { ...base, at: new Date('1999-12-31T23:59:59.999Z'), fields: ['', ' '] },
    ];
    let prevHash = '0'.repeat(64);
    for (const [i, entry] of entries.entries()) {
      const record = await appendAccess(db, entry);
      expect(record.seq).toBe(BigInt(i + 1));
      expect(record.prevHash).toBe(prevHash);
      expect(record.hash).toBe(hashAccess(prevHash, record.seq, entry));
      prevHash = record.hash;
    }
    expect(await verifyAccessLog(db, borrowerId)).toEqual({ ok: true, length: entries.length });
  });

  test('stays gap-free and verifiable under many concurrent batches from several connections', async ({
    testDb,
  }) => {
    // On PostgreSQL, a pool of its own with several connections; PGlite has one.
    const pool = testDb.databaseUrl
      ? await createDb({ databaseUrl: testDb.databaseUrl, maxConnections: 8 })
      : null;
    const pools = [testDb.db, pool?.db ?? testDb.db];
    try {
      const db = testDb.db;
      const chained = borrowers.slice(0, 3);
      // Borrower 2's grant was revoked above: granted again.
      const again = await grantConsent(db, clock, borrowerActor(borrowers[2]!), {
        borrowerId: borrowers[2]!,
        scope: 'REFERENCE_CONTACTS',
        purpose: 'UNDERWRITING',
        grantee: Role.UNDERWRITER,
        expiresAt: null,
        evidence: EVIDENCE,
      });
      if (!again.ok) throw new Error('setup');
      const before = await Promise.all(
        chained.map(async (b) => (await verifyAccessLog(db, b)) as { length: number }),
      );
      const BATCHES = 40;
      const results = await Promise.all(
        Array.from({ length: BATCHES }, (_, i) =>
          recordReads(
            deps(pools[i % pools.length]!),
            // Each batch reads the chained borrowers, one of them twice, in varying order,
            // and one borrower who granted nothing.
            (i % 2 === 0
              ? [...chained, chained[i % chained.length]!, borrowers[3]!]
              : [borrowers[3]!, chained[i % chained.length]!, ...chained].reverse()
            ).map((b, k) => request(b, { requestId: `conc-${i}`, path: `p${k}` })),
          ),
        ),
      );
      const recorded = results.flat().filter((r) => r !== null);
      expect(recorded).toHaveLength(BATCHES * 4);
      for (const [i, b] of chained.entries()) {
        const seqs = recorded
          .filter((r) => r.access.borrowerId === b)
          .map((r) => r.access.seq)
          .sort((x, y) => (x < y ? -1 : 1));
        expect(seqs.length).toBe(BATCHES + results.filter((_, k) => k % 3 === i).length);
        // Every read recorded holds its own place in the chain, right after what was there.
        expect(seqs).toEqual(seqs.map((_, k) => BigInt(before[i]!.length + 1 + k)));
        expect(await verifyAccessLog(db, b)).toEqual({
          ok: true,
          length: before[i]!.length + seqs.length,
        });
      }
      expect(await verifyAccessLog(db, borrowers[3]!)).toMatchObject({ ok: true });
    } finally {
      await pool?.close();
    }
  });
});
