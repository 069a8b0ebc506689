import { sql } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import type { Db } from '@lending/db';
import { Role } from '@lending/kernel';
import { dbTest as test } from '@lending/testing/fixtures';
import {
  appendAccess,
  GENESIS_HASH,
  hashAccess,
  listAccessLog,
  takeAccessLogCheckpoint,
  verifyAccessLog,
  verifyAccessLogCheckpoint,
  type AccessEntry,
} from '../src/index.js';

const BORROWER = '01937a5e-0000-7000-8000-00000000c001';
const entry = (overrides: Partial<AccessEntry> = {}): AccessEntry => ({
  borrowerId: BORROWER,
  at: new Date('2026-01-15T09:00:00Z'),
  actorId: 'ops-1',
  actorRole: Role.OPS,
  purpose: 'SERVICING',
  scope: 'SELF_CONTACT',
  grantId: '01937a5e-0000-7000-8000-00000000d001',
  fields: ['kind', 'value'],
  path: 'borrower.contactPoints',
  operationName: 'Servicing',
  requestId: 'req-1',
  ...overrides,
});

describe('access log chain', () => {
  test('links each row to the previous by hash, starting from the genesis hash', async ({ db }) => {
    const first = await appendAccess(db, entry());
    const second = await appendAccess(db, entry({ path: 'b.contactPoints' }));
    expect(first).toMatchObject({ seq: 1n, prevHash: GENESIS_HASH });
    expect(first.hash).toBe(hashAccess(GENESIS_HASH, 1n, entry()));
    expect(second).toMatchObject({ seq: 2n, prevHash: first.hash });
    expect(await verifyAccessLog(db, BORROWER)).toEqual({ ok: true, length: 2 });
  });

  test('lists newest first and pages backwards', async ({ db }) => {
    const page = await listAccessLog(db, BORROWER, 1, null);
    expect(page.records.map((r) => r.seq)).toEqual([2n]);
    expect(page.hasNextPage).toBe(true);
    const next = await listAccessLog(db, BORROWER, 5, 2n);
    expect(next.records.map((r) => r.seq)).toEqual([1n]);
    expect(next.hasNextPage).toBe(false);
  });

  test('never forks under concurrent appends for one borrower', async ({ db }) => {
    const other = '01937a5e-0000-7000-8000-00000000c002';
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        appendAccess(db, entry({ borrowerId: other, requestId: `r${i}` })),
      ),
    );
    const page = await listAccessLog(db, other, 50, null);
    expect(page.records.map((r) => r.seq)).toEqual(
      Array.from({ length: 20 }, (_, i) => BigInt(20 - i)),
    );
    expect(await verifyAccessLog(db, other)).toEqual({ ok: true, length: 20 });
  });
});

describe('append-only', () => {
  test.for([
    ['UPDATE', sql`update contact_access_log set actor_id = 'someone-else'`],
    ['DELETE', sql`delete from contact_access_log`],
    ['TRUNCATE', sql`truncate contact_access_log`],
  ] as const)('the database refuses %s', async ([, statement], { db }) => {
    await expect(db.execute(statement)).rejects.toThrow();
    expect(await verifyAccessLog(db, BORROWER)).toMatchObject({ ok: true });
  });
});

describe('tampering', () => {
  // Only a superuser bypassing triggers can edit rows; the chain still tells.
  async function asSuperuser(db: Db, statement: ReturnType<typeof sql>) {
    await db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(statement);
    });
  }

  test('detects an edited row', async ({ db }) => {
    const victim = '01937a5e-0000-7000-8000-00000000c003';
    for (let i = 0; i < 3; i++)
      await appendAccess(db, entry({ borrowerId: victim, requestId: `t${i}` }));
    await asSuperuser(
      db,
      sql`update contact_access_log set actor_role = 'BORROWER' where borrower_id = ${victim} and seq = 2`,
    );
    expect(await verifyAccessLog(db, victim)).toEqual({
      ok: false,
      brokenAtSeq: 2n,
      reason: 'content does not match its hash',
    });
  });

  test('detects a removed row in the middle; one cut off the end leaves a shorter chain that only a checkpoint catches', async ({
    db,
  }) => {
    const victim = '01937a5e-0000-7000-8000-00000000c004';
    for (let i = 0; i < 3; i++)
      await appendAccess(db, entry({ borrowerId: victim, requestId: `u${i}` }));
    await asSuperuser(
      db,
      sql`delete from contact_access_log where borrower_id = ${victim} and seq = 3`,
    );
    // Link by link the rest still holds: the end is what checkpoints are for (below).
    expect(await verifyAccessLog(db, victim)).toEqual({ ok: true, length: 2 });
    await asSuperuser(
      db,
      sql`delete from contact_access_log where borrower_id = ${victim} and seq = 1`,
    );
    expect(await verifyAccessLog(db, victim)).toMatchObject({
      ok: false,
      brokenAtSeq: 1n,
      reason: 'missing row',
    });
  });

  test('detects a recomputed row whose successor still points at the old hash', async ({ db }) => {
    const victim = '01937a5e-0000-7000-8000-00000000c005';
    for (let i = 0; i < 2; i++)
      await appendAccess(db, entry({ borrowerId: victim, requestId: `v${i}` }));
    const forged = entry({ borrowerId: victim, requestId: 'v0', actorId: 'nobody' });
    await asSuperuser(
      db,
      sql`update contact_access_log set actor_id = 'nobody', hash = ${hashAccess(GENESIS_HASH, 1n, forged)} where borrower_id = ${victim} and seq = 1`,
    );
    expect(await verifyAccessLog(db, victim)).toMatchObject({
      ok: false,
      brokenAtSeq: 2n,
      reason: 'previous hash mismatch',
    });
  });
});

describe('signed checkpoints of every chain’s end', () => {
  const KEY = Buffer.alloc(32, 7);
  const WRONG = Buffer.alloc(32, 8);
  const AT = new Date('2026-01-15T12:00:00Z');
  async function asSuperuser(db: Db, statement: ReturnType<typeof sql>) {
    await db.transaction(async (tx) => {
      // What the table's owner can do: switch the append-only triggers off.
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(statement);
    });
  }
  async function chain(db: Db, borrowerId: string, n: number) {
    for (let i = 0; i < n; i++)
      await appendAccess(db, entry({ borrowerId, requestId: `k${borrowerId}${i}` }));
  }
  const problems = (
    v: { findings: readonly { borrowerId: string; problem: string }[] },
    borrowerId: string,
  ) => v.findings.filter((f) => f.borrowerId === borrowerId).map((f) => f.problem);

  test('verifies an untouched log, and a log that only grew since', async ({ db }) => {
    const a = '01937a5e-0000-7000-8000-00000000e001';
    await chain(db, a, 3);
    const checkpoint = await takeAccessLogCheckpoint(db, KEY, AT);
    expect(checkpoint.heads.find((h) => h.borrowerId === a)).toMatchObject({ seq: '3' });
    await chain(db, a, 2);
    const v = await verifyAccessLogCheckpoint(db, checkpoint, KEY);
    expect(v.authentic).toBe(true);
    expect(problems(v, a)).toEqual([]);
  });

  test('refuses a checkpoint not signed with the key, or edited after signing', async ({ db }) => {
    const checkpoint = await takeAccessLogCheckpoint(db, KEY, AT);
    expect((await verifyAccessLogCheckpoint(db, checkpoint, WRONG)).authentic).toBe(false);
    const edited = { ...checkpoint, heads: checkpoint.heads.slice(1) };
    expect((await verifyAccessLogCheckpoint(db, edited, KEY)).authentic).toBe(false);
  });

  test('reports a borrower’s rows deleted together with the whole chain', async ({ db }) => {
    const victim = '01937a5e-0000-7000-8000-00000000e002';
    await chain(db, victim, 3);
    const checkpoint = await takeAccessLogCheckpoint(db, KEY, AT);
    await asSuperuser(db, sql`delete from contact_access_log where borrower_id = ${victim}`);
    expect(await verifyAccessLog(db, victim)).toEqual({ ok: true, length: 0 });
    expect(problems(await verifyAccessLogCheckpoint(db, checkpoint, KEY), victim)).toEqual([
      'CHAIN_DELETED',
    ]);
  });

  test('reports rows cut off the end, and a chain rewound and grown again', async ({ db }) => {
    const cut = '01937a5e-0000-7000-8000-00000000e003';
    const rewound = '01937a5e-0000-7000-8000-00000000e004';
    await chain(db, cut, 4);
    await chain(db, rewound, 4);
    const checkpoint = await takeAccessLogCheckpoint(db, KEY, AT);
    await asSuperuser(
      db,
      sql`delete from contact_access_log where borrower_id = ${cut} and seq > 2`,
    );
    // Rewinding: the end cut off, then new rows appended so the chain is as long as before.
    await asSuperuser(
      db,
      sql`delete from contact_access_log where borrower_id = ${rewound} and seq > 2`,
    );
    await chain(db, rewound, 2);
    const v = await verifyAccessLogCheckpoint(db, checkpoint, KEY);
    expect(problems(v, cut)).toEqual(['TRUNCATED']);
    expect(problems(v, rewound)).toEqual(['REWRITTEN']);
  });

  test('reports a chain recomputed consistently from an edited row on', async ({ db }) => {
    const victim = '01937a5e-0000-7000-8000-00000000e005';
    await chain(db, victim, 2);
    const checkpoint = await takeAccessLogCheckpoint(db, KEY, AT);
    // Whoever owns the table edits row 1 and recomputes every hash after it: the links hold.
    const rows = (await listAccessLog(db, victim, 10, null)).records.reverse();
    let prev = GENESIS_HASH;
    for (const row of rows) {
      const forged = { ...row, actorId: 'nobody' };
      const hash = hashAccess(prev, row.seq, forged);
      await asSuperuser(
        db,
        sql`update contact_access_log set actor_id = 'nobody', prev_hash = ${prev}, hash = ${hash} where id = ${row.id}`,
      );
      prev = hash;
    }
    expect(await verifyAccessLog(db, victim)).toEqual({ ok: true, length: 2 });
    expect(problems(await verifyAccessLogCheckpoint(db, checkpoint, KEY), victim)).toEqual([
      'REWRITTEN',
    ]);
  });
});
