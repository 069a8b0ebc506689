import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { getBusinessDate, queryRows } from '@lending/db';
import { dbTest } from '../src/fixtures.js';
import type { TestDb } from '../src/index.js';

const test = dbTest.override({ dbOptions: { businessDate: '2026-05-01' } });

let fromHook: TestDb | undefined;
test.beforeAll(async ({ testDb }) => {
  fromHook = testDb;
  await testDb.db.execute(sql`create table fixture_probe (n int not null)`);
});

test("hands suite hooks and tests the file's database, made with the file's options", async ({
  db,
  testDb,
}) => {
  expect(testDb).toBe(fromHook);
  expect(db).toBe(testDb.db);
  expect(await getBusinessDate(db)).toBe('2026-05-01');
  await db.execute(sql`insert into fixture_probe (n) values (1)`);
});

test('keeps that one database for every test of the file', async ({ db, testDb }) => {
  expect(testDb).toBe(fromHook);
  expect(await queryRows<{ n: number }>(db, sql`select n from fixture_probe`)).toEqual([{ n: 1 }]);
});
