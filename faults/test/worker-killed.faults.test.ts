import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedLoanBook } from '@lending/bench/collections/seed';
import {
  BusinessCalendarMode,
  closeOfBusinessJob,
  runCloseOfBusiness,
} from '@lending/close-of-business';
import { createDb, initBusinessDate, migrate, queryRows, type DbHandle } from '@lending/db';
import { JobEngine, JobState } from '@lending/jobs';
import { BusinessDate, systemClock } from '@lending/kernel';
import { freshDatabase, report, SERVER_URL, type FreshDatabase } from '../src/database.js';
import { startWorker, type PlatformProcess } from '../src/processes.js';
import { existingIds, tableContents } from '../src/table-snapshot.js';

const SIMULATED = { mode: BusinessCalendarMode.SIMULATED, timeZone: 'Asia/Shanghai' } as const;

const LOANS = 10_000;
const START = '2026-03-02';
const TARGET = '2026-03-05';
const silent = { info() {}, warn() {}, error() {} };

describe.skipIf(!SERVER_URL)('a worker killed in the middle of close of business', () => {
  let interrupted: FreshDatabase;
  let uninterrupted: FreshDatabase;
  const workers: PlatformProcess[] = [];
  const handles: DbHandle[] = [];

  beforeAll(async () => {
    // One loan book, copied (ids and all) into a second database for the uninterrupted run.
    interrupted = await freshDatabase();
    const seed = await createDb({ databaseUrl: interrupted.url, maxConnections: 2 });
    await migrate(seed);
    await initBusinessDate(seed.db, START, new Date(`${START}T20:00:00Z`));
    await seedLoanBook(seed.db, { loans: LOANS, businessDate: START });
    await seed.close();
    uninterrupted = await freshDatabase(interrupted.name);
  });
  afterAll(async () => {
    for (const w of workers) await w.stop();
    for (const h of handles) await h.close();
    await interrupted?.drop();
    await uninterrupted?.drop();
  });

  it('is finished by a second worker with the same result as an uninterrupted run, row for row', async () => {
    const db = await createDb({ databaseUrl: interrupted.url, maxConnections: 4 });
    handles.push(db);
    const before = await existingIds(db.db);
    const client = await JobEngine.start({
      handle: db,
      clock: systemClock,
      logger: silent,
      definitions: [closeOfBusinessJob(SIMULATED)],
      work: false,
    });
    try {
      workers.push(await startWorker('worker 1', interrupted.url));
      const job = await client.enqueue(
        closeOfBusinessJob(SIMULATED),
        { businessDate: TARGET },
        { key: TARGET },
      );
      // Kill it once the first batch of loans is committed. A day is closed in
      // batch transactions, so the kill lands with a day partly closed.
      let progress = await client.get(job.id);
      const deadline = Date.now() + 120_000;
      while ((progress?.itemsDone ?? 0) === 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 20));
        progress = await client.get(job.id);
      }
      expect(progress).toMatchObject({ state: JobState.RUNNING });
      await workers[0]!.kill9();
      const [committed] = await queryRows<{ loanDays: number; days: number }>(
        db.db,
        sql`select coalesce(sum(closed_through - ${START}::date), 0)::int as "loanDays",
                   (select count(*)::int from close_of_business_days) as days
              from loans`,
      );
      expect(committed!.loanDays).toBeGreaterThan(0);
      expect(committed!.loanDays).toBeLessThan(3 * LOANS);
      expect(committed!.days).toBeLessThan(3);
      expect((await client.get(job.id))!.state).toBe(JobState.RUNNING);

      workers.push(await startWorker('worker 2', interrupted.url));
      const done = await client.waitUntilFinished(job.id, 180_000);
      // One retry: the attempt handed back keeps its full expiry.
      expect(done).toMatchObject({ state: JobState.SUCCEEDED, attempts: 2 });

      const reference = await createDb({ databaseUrl: uninterrupted.url, maxConnections: 4 });
      handles.push(reference);
      const straight = await runCloseOfBusiness(
        reference.db,
        systemClock,
        BusinessDate.parseOrThrow(TARGET),
        { calendar: SIMULATED },
      );
      expect(straight.ok).toBe(true);

      const resumed = await tableContents(db.db, before);
      const expected = await tableContents(reference.db, before);
      expect([...resumed.keys()]).toEqual([...expected.keys()]);
      let rows = 0;
      for (const [table, content] of expected) {
        expect({ table, rows: resumed.get(table)!.length }).toEqual({
          table,
          rows: content.length,
        });
        expect(resumed.get(table)).toEqual(content);
        rows += content.length;
      }
      report(
        `kill -9 of worker 1 during close of business (${LOANS} loans, ${START} to ${TARGET})`,
        [
          `killed with ${committed!.loanDays} of ${3 * LOANS} loan-days committed (${committed!.days} of 3 days recorded); the job stayed RUNNING until worker 2's heartbeat check handed it back`,
          `worker 2 finished it: SUCCEEDED after ${done!.attempts} attempts`,
          `every public table equals an uninterrupted run on a copy of the same book, row for row (${expected.size} tables, ${rows} rows; instants and newly generated ids aside)`,
        ],
      );
    } finally {
      await client.stop();
    }
  });
});
