import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getBusinessDate, queryRows } from '@lending/db';
import { createTestDb } from '../src/index.js';

describe('createTestDb', () => {
  it('gives each caller its own database', async () => {
    await using a = await createTestDb({ businessDate: '2026-05-01' });
    await using b = await createTestDb({ businessDate: '2026-06-01' });
    await a.db.execute(sql`update business_date set current = '2027-01-01'`);
    expect(await getBusinessDate(a.db)).toBe('2027-01-01');
    expect(await getBusinessDate(b.db)).toBe('2026-06-01');
  });

  // PGlite in memory vanishes with the instance: only a server database is dropped.
  it.skipIf(!process.env['DATABASE_URL'])('drops a server database on close', async () => {
    const handle = await createTestDb();
    const [row] = await queryRows<{ name: string }>(
      handle.db,
      sql`select current_database() as name`,
    );
    await handle.close();
    await using admin = await createTestDb();
    const rows = await queryRows<{ datname: string }>(
      admin.db,
      sql`select datname from pg_database where datname = ${row!.name}`,
    );
    expect(rows).toEqual([]);
  });
});
