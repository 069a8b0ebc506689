/**
 * Limit review at scale: lines reviewed per second by the set-based
 * `runLimitReview` over a seeded book (default 100,000 lines, each with one
 * six-instalment loan, seeded set-based by the collections bench's
 * `seedLoanBook`), as a ratio to one `UPDATE` that touches the same rows
 * (`limit_minor = limit_minor` on every ACTIVE and FROZEN line), measured in
 * the same run on the same database.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres pnpm --filter @lending/bench bench:credit:limit-review [--lines 100000] [--batch 200]
 *
 * Without DATABASE_URL it runs on in-memory PGlite (use fewer lines there).
 * Run on demand, never in CI.
 */
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { LIMIT_REVIEW_BATCH, runLimitReview } from '@lending/credit';
import { queryRows } from '@lending/db';
import { FixedClock } from '@lending/kernel';
import { createTestDb } from '@lending/testing';
import { seedLoanBook } from '../collections/seed.js';

const BUSINESS_DATE = '2026-06-15';
const argv = process.argv.slice(2).filter((a) => a !== '--');
const { values } = parseArgs({
  args: argv,
  options: { lines: { type: 'string' }, batch: { type: 'string' } },
});
const lines = Number(values.lines ?? 100_000);
const batch = Number(values.batch ?? LIMIT_REVIEW_BATCH);
if (!Number.isInteger(lines) || lines < 1 || lines > 1_000_000) {
  process.stderr.write('--lines must be a whole number from 1 to 1,000,000\n');
  process.exit(2);
}

const now = new Date(`${BUSINESS_DATE}T16:00:00Z`);
await using handle = await createTestDb({ businessDate: BUSINESS_DATE, now });
const { db } = handle;
const driver = process.env['DATABASE_URL'] ? 'PostgreSQL' : 'PGlite';
const seedStart = performance.now();
await seedLoanBook(db, { loans: lines, businessDate: BUSINESS_DATE });
// Opened the day before the loan was disbursed, so the months before are months without the line.
await db.execute(sql`update credit_lines l set opened_at = (lo.disbursed_on - 1)::timestamptz
                       from loans lo where lo.credit_line_id = l.id`);
await db.execute(sql`analyze`);
process.stderr.write(
  `seeded ${lines} lines on ${driver} in ${((performance.now() - seedStart) / 1000).toFixed(1)} s\n`,
);

// The baseline: one UPDATE over the same rows, in its own transaction.
const updateStart = performance.now();
const [updated] = await queryRows<{ n: number }>(
  db,
  sql`with u as (update credit_lines set limit_minor = limit_minor
                  where status in ('ACTIVE', 'FROZEN') returning 1)
      select count(*)::int as n from u`,
);
const updateSeconds = (performance.now() - updateStart) / 1000;

const clock = new FixedClock(now.toISOString());
const reviewStart = performance.now();
const summary = await runLimitReview({ db, clock }, { id: 'bench' }, { batchSize: batch });
const reviewSeconds = (performance.now() - reviewStart) / 1000;
if (summary.reviewed !== lines || updated!.n !== lines) {
  process.stderr.write(
    `expected ${lines} lines, reviewed ${summary.reviewed}, updated ${updated!.n}\n`,
  );
  process.exit(1);
}
const f = (x: number, d = 0) =>
  x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
process.stdout.write(
  `\nlimit review, ${f(lines)} lines on ${driver}, batches of ${batch}\n\n` +
    `| | seconds | lines/s | time ratio to the UPDATE |\n| --- | --- | --- | --- |\n` +
    `| one UPDATE of the same rows | ${f(updateSeconds, 2)} | ${f(lines / updateSeconds)} | 1 |\n` +
    `| runLimitReview (set-based) | ${f(reviewSeconds, 2)} | ${f(lines / reviewSeconds)} | ${f(reviewSeconds / updateSeconds, 1)} |\n\n` +
    `actions: raised ${summary.raised}, lowered ${summary.lowered}, frozen ${summary.frozen}, unfrozen ${summary.unfrozen}, kept ${summary.kept}\n`,
);
