import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../src/testing.js';
import {
  getBusinessDate,
  initBusinessDate,
  isRetryable,
  queryRows,
  setBusinessDate,
  withTransaction,
} from '../src/index.js';

let handle: TestDb;
beforeAll(async () => {
  handle = await createTestDb({ businessDate: '2026-03-31' });
});
afterAll(() => handle.close());

describe('database harness', () => {
  it('runs on the driver DATABASE_URL selects', () => {
    expect(handle.driver).toBe(process.env['DATABASE_URL'] ? 'postgres' : 'pglite');
  });

  it('applies every committed migration', async () => {
    const tables = await queryRows<{ table_name: string }>(
      handle.db,
      sql`select table_name from information_schema.tables where table_schema = 'public' order by 1`,
    );
    expect(tables.map((t) => t.table_name)).toEqual(
      expect.arrayContaining(['borrowers', 'business_date']),
    );
  });

  it('returns bigint columns as bigint on both drivers', async () => {
    const [row] = await queryRows<{ n: bigint | string }>(
      handle.db,
      sql`select 9007199254740993::bigint as n`,
    );
    // postgres-js is configured for bigint; PGlite returns int8 as bigint by default.
    expect(BigInt(row!.n)).toBe(9007199254740993n);
  });
});

describe('business date', () => {
  it('is set once and only moved explicitly', async () => {
    expect(await getBusinessDate(handle.db)).toBe('2026-03-31');
    expect(await initBusinessDate(handle.db, '2030-01-01', new Date())).toBe('2026-03-31');
    await setBusinessDate(handle.db, '2026-04-01', new Date());
    expect(await getBusinessDate(handle.db)).toBe('2026-04-01');
  });

  it('refuses a second row', async () => {
    await expect(
      handle.db.execute(
        sql`insert into business_date (id, current, updated_at) values (2, '2026-01-01', now())`,
      ),
    ).rejects.toThrow();
  });
});

describe('withTransaction', () => {
  it('re-runs work after a serialization failure, up to the limit', async () => {
    let attempts = 0;
    const value = await withTransaction(handle.db, async (tx) => {
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

  it('gives up after maxAttempts and surfaces the error', async () => {
    let attempts = 0;
    await expect(
      withTransaction(
        handle.db,
        async () => {
          attempts++;
          throw Object.assign(new Error('deadlock detected'), { code: '40P01' });
        },
        { maxAttempts: 2 },
      ),
    ).rejects.toThrow('deadlock detected');
    expect(attempts).toBe(2);
  });

  it('does not retry other errors, and rolls back', async () => {
    let attempts = 0;
    await expect(
      withTransaction(handle.db, async (tx) => {
        attempts++;
        await tx.execute(sql`update business_date set current = '2099-01-01'`);
        throw Object.assign(new Error('boom'), { code: '23505' });
      }),
    ).rejects.toThrow('boom');
    expect(attempts).toBe(1);
    expect(await getBusinessDate(handle.db)).not.toBe('2099-01-01');
  });

  it('classifies SQLSTATEs, including wrapped ones', () => {
    expect(isRetryable({ code: '40001' })).toBe(true);
    expect(isRetryable(new Error('x', { cause: { code: '40P01' } }))).toBe(true);
    expect(isRetryable({ code: '23505' })).toBe(false);
    expect(isRetryable(new Error('plain'))).toBe(false);
  });
});
