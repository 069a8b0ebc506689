import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, test as base } from 'vitest';
import { err, ok, type Result } from '@lending/kernel';
import { dbFixtures, type DbFixtures } from '../src/testing.js';
import {
  IDEMPOTENCY_KEY_MAX_LENGTH,
  IDEMPOTENCY_KEY_RULE,
  idempotencyKeysTable,
  queryRows,
  requestDigest,
  runIdempotent,
  type Db,
  type IdempotentCommand,
  type Tx,
} from '../src/index.js';

// @lending/db sits below @lending/testing, so it extends with the fixtures itself.
const test = base.extend<DbFixtures>(dbFixtures);
test.beforeAll(async ({ db }) => {
  // A table of this file's own for `work` to write to, so a rollback can be seen.
  await db.execute(sql`create table idempotency_probe (key text not null, note text)`);
});

const NOW = new Date('2026-01-15T09:00:00Z');
const command = (overrides: Partial<IdempotentCommand> = {}): IdempotentCommand => ({
  operation: 'probe',
  actorId: 'actor-1',
  key: `k-${Math.random()}`,
  request: { amount: '1.00' },
  now: NOW,
  ...overrides,
});

const probeRows = (db: Db, key: string) =>
  queryRows<{ note: string }>(
    db,
    sql`select note from idempotency_probe where key = ${key} order by note`,
  );
const keyRows = (db: Db, c: IdempotentCommand) =>
  db
    .select()
    .from(idempotencyKeysTable)
    .where(
      and(
        eq(idempotencyKeysTable.operation, c.operation),
        eq(idempotencyKeysTable.actorId, c.actorId),
        eq(idempotencyKeysTable.key, c.key),
      ),
    );

/** Work that writes a probe row and answers with it, counting its runs. */
function writer(note: string) {
  const run = async (tx: Tx, key: string): Promise<Result<{ note: string }, 'REFUSED'>> => {
    run.calls++;
    await tx.execute(sql`insert into idempotency_probe (key, note) values (${key}, ${note})`);
    return ok({ note });
  };
  run.calls = 0;
  return run;
}

describe('runIdempotent', () => {
  test('runs the work once per key: a replay returns the stored result and does nothing again', async ({
    db,
  }) => {
    const c = command();
    const work = writer('first');
    const first = await runIdempotent(db, c, (tx) => work(tx, c.key));
    expect(first).toEqual({ ok: true, value: { note: 'first', replayed: false } });
    const replay = await runIdempotent(db, c, (tx) => work(tx, c.key));
    expect(replay).toEqual({ ok: true, value: { note: 'first', replayed: true } });
    expect(work.calls).toBe(1);
    expect(await probeRows(db, c.key)).toEqual([{ note: 'first' }]);
    const [stored] = await keyRows(db, c);
    expect(stored).toMatchObject({
      result: { note: 'first' },
      requestDigest: requestDigest(c.request),
    });
  });

  test('answers CONFLICT for the same key with other input, and runs nothing', async ({ db }) => {
    const c = command();
    const work = writer('first');
    expect((await runIdempotent(db, c, (tx) => work(tx, c.key))).ok).toBe(true);
    const conflict = await runIdempotent(db, { ...c, request: { amount: '2.00' } }, (tx) =>
      work(tx, c.key),
    );
    expect(conflict).toEqual({
      ok: false,
      errors: [
        {
          code: 'CONFLICT',
          message: 'This idempotency key was already used with different input.',
          field: ['idempotencyKey'],
        },
      ],
    });
    expect(work.calls).toBe(1);
    expect(await probeRows(db, c.key)).toEqual([{ note: 'first' }]);
  });

  test('rolls back everything a refused command wrote and keeps no key: the key may be used again', async ({
    db,
  }) => {
    const c = command();
    let calls = 0;
    const refused = await runIdempotent(db, c, async (tx) => {
      calls++;
      await tx.execute(sql`insert into idempotency_probe (key, note) values (${c.key}, 'refused')`);
      return err('REFUSED', 'Not now.', ['amount']);
    });
    expect(refused).toEqual({
      ok: false,
      errors: [{ code: 'REFUSED', message: 'Not now.', field: ['amount'] }],
    });
    expect(calls).toBe(1);
    expect(await probeRows(db, c.key)).toEqual([]);
    expect(await keyRows(db, c)).toEqual([]);

    // Other input under the same key is not a CONFLICT: nothing was stored.
    const work = writer('corrected');
    const retried = await runIdempotent(db, { ...c, request: { amount: '2.00' } }, (tx) =>
      work(tx, c.key),
    );
    expect(retried).toEqual({ ok: true, value: { note: 'corrected', replayed: false } });
    expect(await probeRows(db, c.key)).toEqual([{ note: 'corrected' }]);
  });

  test('rolls back and keeps no key when the work throws', async ({ db }) => {
    const c = command();
    await expect(
      runIdempotent(db, c, async (tx) => {
        await tx.execute(sql`insert into idempotency_probe (key, note) values (${c.key}, 'x')`);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await probeRows(db, c.key)).toEqual([]);
    expect(await keyRows(db, c)).toEqual([]);
  });

  test.for<[string, string]>([
    ['an empty key', ''],
    ['a key with a space', 'has space'],
    ['a non-ASCII key', 'clé'],
    ['a key with a control character', 'a\nb'],
    ['a key one character too long', 'k'.repeat(IDEMPOTENCY_KEY_MAX_LENGTH + 1)],
  ])('refuses %s with INVALID_IDEMPOTENCY_KEY before running anything', async ([, key], { db }) => {
    const c = command({ key });
    const work = writer('never');
    expect(await runIdempotent(db, c, (tx) => work(tx, key))).toEqual({
      ok: false,
      errors: [
        {
          code: 'INVALID_IDEMPOTENCY_KEY',
          message: IDEMPOTENCY_KEY_RULE,
          field: ['idempotencyKey'],
        },
      ],
    });
    expect(work.calls).toBe(0);
    expect(await keyRows(db, c)).toEqual([]);
  });

  test(`accepts a key of ${IDEMPOTENCY_KEY_MAX_LENGTH} printable characters`, async ({ db }) => {
    const c = command({ key: '~'.repeat(IDEMPOTENCY_KEY_MAX_LENGTH - 1) + '!' });
    expect(await runIdempotent(db, c, (tx) => writer('long')(tx, c.key))).toEqual({
      ok: true,
      value: { note: 'long', replayed: false },
    });
  });

  test('scopes keys to the operation and the actor', async ({ db }) => {
    const c = command();
    const work = writer('scoped');
    for (const scoped of [c, { ...c, actorId: 'actor-2' }, { ...c, operation: 'other' }]) {
      expect(
        await runIdempotent(db, { ...scoped, request: { n: scoped.actorId } }, (tx) =>
          work(tx, c.key),
        ),
      ).toMatchObject({ ok: true, value: { replayed: false } });
    }
    expect(work.calls).toBe(3);
  });

  test('runs concurrent commands under one key exactly once', async ({ db }) => {
    const c = command();
    const work = writer('once');
    const results = await Promise.all(
      Array.from({ length: 5 }, () => runIdempotent(db, c, (tx) => work(tx, c.key))),
    );
    expect(work.calls).toBe(1);
    expect(results.map((r) => r.ok && r.value.note)).toEqual(Array(5).fill('once'));
    expect(results.filter((r) => r.ok && !r.value.replayed)).toHaveLength(1);
    expect(await probeRows(db, c.key)).toEqual([{ note: 'once' }]);
  });
});

describe('requestDigest', () => {
  test('digests the same input the same, whatever the order of its keys', () => {
    expect(requestDigest({ a: 1, b: { c: [1, 2], d: 'x' } })).toBe(
      requestDigest({ b: { d: 'x', c: [1, 2] }, a: 1 }),
    );
    expect(requestDigest({ a: 1 })).toMatch(/^[0-9a-f]{64}$/);
  });

  test('tells different input apart, array order included', () => {
    expect(requestDigest({ a: [1, 2] })).not.toBe(requestDigest({ a: [2, 1] }));
    expect(requestDigest({ a: '1' })).not.toBe(requestDigest({ a: 1 }));
  });

  test('reads a Date through its toJSON and a bigint as a number literal', () => {
    const at = new Date('2026-01-15T09:00:00Z');
    expect(requestDigest({ at })).toBe(requestDigest({ at: '2026-01-15T09:00:00.000Z' }));
    expect(requestDigest({ n: 12345678901234567890n })).not.toBe(
      requestDigest({ n: '12345678901234567890' }),
    );
    expect(requestDigest({ n: 5n })).toBe(requestDigest({ n: 5 }));
  });

  test('refuses input that is not JSON', () => {
    expect(() => requestDigest(undefined)).toThrow();
    expect(() => requestDigest({ f: () => 1 })).toThrow();
  });
});
