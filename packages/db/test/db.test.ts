import { sql } from 'drizzle-orm';
import { isUuid } from '@lending/kernel';
import { describe, expect, test as base } from 'vitest';
import { dbFixtures, type DbFixtures } from '../src/testing.js';
import {
  getBusinessDate,
  initBusinessDate,
  isRetryable,
  queryRows,
  setBusinessDate,
  withTransaction,
} from '../src/index.js';

// @lending/db sits below @lending/testing, so it extends with the fixtures itself.
const test = base
  .extend<DbFixtures>(dbFixtures)
  .override({ dbOptions: { businessDate: '2026-03-31' } });

describe('database harness', () => {
  test('runs on the driver DATABASE_URL selects', ({ testDb }) => {
    expect(testDb.driver).toBe(process.env['DATABASE_URL'] ? 'postgres' : 'pglite');
  });

  test('applies every committed migration', async ({ db }) => {
    const tables = await queryRows<{ table_name: string }>(
      db,
      sql`select table_name from information_schema.tables where table_schema = 'public' order by 1`,
    );
    expect(tables.map((t) => t.table_name)).toEqual(
      expect.arrayContaining(['borrowers', 'business_date']),
    );
  });

  test('returns bigint columns as bigint on both drivers', async ({ db }) => {
    const [row] = await queryRows<{ n: bigint | string }>(
      db,
      sql`select 9007199254740993::bigint as n`,
    );
    // postgres-js is configured for bigint; PGlite returns int8 as bigint by default.
    expect(BigInt(row!.n)).toBe(9007199254740993n);
  });
});

describe('time_ordered_uuid', () => {
  test('makes UUIDv7 ids that sort by the instant they were made for', async ({ db }) => {
    const rows = await queryRows<{ id: string; at: string }>(
      db,
      sql`select time_ordered_uuid(t)::text as id, t::text as at
          from generate_series('2026-01-15 09:00:00+00'::timestamptz, '2026-01-15 09:00:01+00', '1 millisecond') t`,
    );
    expect(rows).toHaveLength(1001);
    expect(rows.every((r) => isUuid(r.id) && r.id[14] === '7')).toBe(true);
    const ids = rows.map((r) => r.id);
    expect([...ids].sort()).toEqual(ids);
    // The first 48 bits are the milliseconds since 1970.
    expect(parseInt(ids[0]!.replace(/-/g, '').slice(0, 12), 16)).toBe(
      Date.parse('2026-01-15T09:00:00Z'),
    );
    expect(new Set(ids).size).toBe(1001);
  });
});

describe('business date', () => {
  test('is set once and only moved explicitly', async ({ db }) => {
    expect(await getBusinessDate(db)).toBe('2026-03-31');
    expect(await initBusinessDate(db, '2030-01-01', new Date())).toBe('2026-03-31');
    await setBusinessDate(db, '2026-04-01', new Date());
    expect(await getBusinessDate(db)).toBe('2026-04-01');
  });

  test('refuses a second row', async ({ db }) => {
    await expect(
      db.execute(
        sql`insert into business_date (id, current, updated_at) values (2, '2026-01-01', now())`,
      ),
    ).rejects.toThrow();
  });
});

describe('withTransaction', () => {
  test('re-runs work after a serialization failure, up to the limit', async ({ db }) => {
    let attempts = 0;
    const value = await withTransaction(db, async (tx) => {
      attempts++;
      if (attempts < 3) {
        throw Object.assign(new Error('could not serialize access'), { code: '40001' });
      }
      const [row] = await queryRows<{ one: number }>(tx, sql`select 1 as one`);
      return row!.one;
    });
    expect(value).toBe(1);
    expect(attempts).toBe(3);
  });

  test('gives up after maxAttempts and surfaces the error', async ({ db }) => {
    let attempts = 0;
    await expect(
      withTransaction(
        db,
        async () => {
          attempts++;
          throw Object.assign(new Error('deadlock detected'), { code: '40P01' });
        },
        { maxAttempts: 2 },
      ),
    ).rejects.toThrow('deadlock detected');
    expect(attempts).toBe(2);
  });

  test('does not retry other errors, and rolls back', async ({ db }) => {
    let attempts = 0;
    await expect(
      withTransaction(db, async (tx) => {
        attempts++;
        await tx.execute(sql`update business_date set current = '2099-01-01'`);
        throw Object.assign(new Error('boom'), { code: '23505' });
      }),
    ).rejects.toThrow('boom');
    expect(attempts).toBe(1);
    expect(await getBusinessDate(db)).not.toBe('2099-01-01');
  });

  test('classifies SQLSTATEs, including wrapped ones', () => {
    expect(isRetryable({ code: '40001' })).toBe(true);
    expect(isRetryable(new Error('x', { cause: { code: '40P01' } }))).toBe(true);
    expect(isRetryable({ code: '23505' })).toBe(false);
    expect(isRetryable(new Error('plain'))).toBe(false);
  });
});
