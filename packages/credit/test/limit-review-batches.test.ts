import { expect } from 'vitest';
import { eq } from 'drizzle-orm';
import { borrowerFactory } from '@lending/borrowers/testing';
import { setBusinessDate } from '@lending/db';
import { FixedClock } from '@lending/kernel';
import { creditLineFactory } from '@lending/ledger/testing';
import { dbTest } from '@lending/testing/fixtures';
import { runLimitReview } from '../src/index.js';
import { creditLineReviewsTable } from '../src/schema.js';

const test = dbTest.override({ dbOptions: { businessDate: '2026-03-31' } });
const LINES = 40;
const clock = new FixedClock('2026-03-31T20:00:00Z');

test.beforeAll(async ({ db }) => {
  for (let i = 0; i < LINES; i++) await creditLineFactory(db, (await borrowerFactory(db)).id);
});

const reviewsOn = async (db: Parameters<typeof runLimitReview>[0]['db'], date: string) =>
  db
    .select({ line: creditLineReviewsTable.creditLineId })
    .from(creditLineReviewsTable)
    .where(eq(creditLineReviewsTable.businessDate, date));

test('two runs at once on one database review each line exactly once between them', async ({
  db,
}) => {
  const [a, b] = await Promise.all([
    runLimitReview({ db, clock }, { id: 'ops-a' }, { batchSize: 7 }),
    runLimitReview({ db, clock }, { id: 'ops-b' }, { batchSize: 7 }),
  ]);
  expect(a.reviewed + b.reviewed).toBe(LINES);
  expect(a.reviewed + a.alreadyReviewed).toBe(LINES);
  expect(b.reviewed + b.alreadyReviewed).toBe(LINES);
  const rows = await reviewsOn(db, '2026-03-31');
  expect(rows).toHaveLength(LINES);
  expect(new Set(rows.map((r) => r.line)).size).toBe(LINES);
});

test('a run that dies after a batch is resumed by the next: committed batches are skipped, the rest reviewed', async ({
  db,
}) => {
  await setBusinessDate(db, '2026-04-01', clock.now());
  const dying = runLimitReview(
    { db, clock },
    { id: 'ops-a' },
    {
      batchSize: 7,
      onProgress: () => Promise.reject(new Error('killed')),
    },
  );
  await expect(dying).rejects.toThrow('killed');
  expect(await reviewsOn(db, '2026-04-01')).toHaveLength(7);
  const resumed = await runLimitReview({ db, clock }, { id: 'ops-a' }, { batchSize: 7 });
  expect(resumed).toMatchObject({ reviewed: LINES - 7, kept: LINES - 7, alreadyReviewed: 7 });
  expect(await reviewsOn(db, '2026-04-01')).toHaveLength(LINES);
});
