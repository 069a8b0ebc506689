import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { borrowerFactory } from '@lending/borrowers/testing';
import { queryRows } from '@lending/db';
import { dbTest as test } from '@lending/testing/fixtures';
import { creditLineFactory, insertLoansSetBased } from '../src/testing.js';

// Close of business reads each batch of loans by its id range. With the
// default 100 histogram buckets a range inside one bucket was estimated at
// one row (UUIDs cannot be interpolated), and the plans built on that
// estimate ran for seconds instead of a tenth of one. 20,000 loans in
// ranges of 100: at the default, half of these ranges lie inside one bucket
// of 200 loans, estimated at 1 or at 201 rows depending on where their ends
// fall.
const LOANS = 20_000;
const RANGE = 100;

test('a batch range of loan ids is estimated near its size wherever it falls', async ({ db }) => {
  const borrowerId = (await borrowerFactory(db)).id;
  const line = await creditLineFactory(db, borrowerId, { limit: '100000000.00' });
  await insertLoansSetBased(db, line, LOANS);
  await db.execute(sql`analyze loans`);
  const ranges = await queryRows<{ lo: string; hi: string }>(
    db,
    sql`select min(id::text) as lo, max(id::text) as hi
        from (select id, (row_number() over (order by id) - 1) / ${RANGE} as k from loans) s
        group by k order by k`,
  );
  expect(ranges).toHaveLength(LOANS / RANGE);
  const estimates: number[] = [];
  for (const { lo, hi } of ranges) {
    const [plan] = await queryRows<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }>(
      db,
      sql`explain (format json) select * from loans where id between ${lo}::uuid and ${hi}::uuid`,
    );
    estimates.push(plan!['QUERY PLAN'][0].Plan['Plan Rows']);
  }
  expect(Math.min(...estimates)).toBeGreaterThanOrEqual(RANGE / 2);
  expect(Math.max(...estimates)).toBeLessThanOrEqual(RANGE * 2);
});
