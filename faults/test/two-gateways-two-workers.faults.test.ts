import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedLoanBook } from '@lending/bench/collections/seed';
import { createDb, queryRows, setBusinessDate } from '@lending/db';
import {
  freshDatabase,
  gql,
  report,
  SERVER_URL,
  token,
  type FreshDatabase,
} from '../src/database.js';
import { startGateway, startWorker, type PlatformProcess } from '../src/processes.js';

const LOANS = 500;
const START = '2026-03-02';
const TARGET = '2026-03-03';

const COB = `mutation Cob($input: RunCloseOfBusinessInput!) {
  runCloseOfBusiness(input: $input) { businessDate loansProcessed job { id state } userErrors { code } }
}`;

interface CobAnswer {
  runCloseOfBusiness: {
    businessDate: string | null;
    loansProcessed: number;
    job: { id: string; state: string } | null;
    userErrors: { code: string }[];
  };
}

describe.skipIf(!SERVER_URL)('two gateways and two workers on one database', () => {
  let database: FreshDatabase;
  const processes: PlatformProcess[] = [];

  beforeAll(async () => {
    database = await freshDatabase();
    // Started together on an empty database: each migrates, one at a time under a lock.
    processes.push(
      ...(await Promise.all([
        startGateway('gateway 1', database.url, { worker: false }),
        startGateway('gateway 2', database.url, { worker: false }),
        startWorker('worker 1', database.url),
        startWorker('worker 2', database.url),
      ])),
    );
    const seed = await createDb({ databaseUrl: database.url, maxConnections: 2 });
    await setBusinessDate(seed.db, START, new Date(`${START}T20:00:00Z`));
    await seedLoanBook(seed.db, { loans: LOANS, businessDate: START });
    await seed.close();
  });
  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop()));
    await database?.drop();
  });

  it('runs close of business once when it is started from both gateways at the same moment', async () => {
    const [g1, g2] = processes;
    const ops = await token('OPS', 'ops-faults', database.url);
    const input = { input: { businessDate: TARGET, waitSeconds: 120 } };
    const answers = await Promise.all(
      [g1, g2, g1, g2].map((g) => gql<CobAnswer>(g!.url!, ops, COB, input, 150_000)),
    );
    for (const a of answers) {
      expect(a.errors).toBeUndefined();
      expect(a.data!.runCloseOfBusiness).toMatchObject({ businessDate: TARGET, userErrors: [] });
    }
    const byJob = new Map(
      answers.map((a) => [
        a.data!.runCloseOfBusiness.job!.id,
        a.data!.runCloseOfBusiness.loansProcessed,
      ]),
    );
    const db = await createDb({ databaseUrl: database.url, maxConnections: 1 });
    try {
      const [day] = await queryRows<{ n: number; loans: number }>(
        db.db,
        sql`select count(*)::int as n, max(loans_processed)::int as loans from close_of_business_days`,
      );
      const [accruals] = await queryRows<{ n: number; loans: number }>(
        db.db,
        sql`select count(*)::int as n, count(distinct loan_id)::int as loans from journal_entries
            where kind = 'ACCRUAL' and business_date = ${TARGET}`,
      );
      const [workersSeen] = await queryRows<{ n: number }>(
        db.db,
        sql`select count(*)::int as n from worker_heartbeats where seen_at > now() - interval '10 seconds'`,
      );
      expect(day).toEqual({ n: 1, loans: day!.loans });
      expect(day!.loans).toBeGreaterThan(0);
      // One run: no loan accrued twice for the day (a loan with nothing to accrue has no
      // entry), and the jobs' counts add up to one run's.
      expect(accruals!.n).toBe(accruals!.loans);
      expect(accruals!.loans).toBeGreaterThan(0);
      expect(accruals!.loans).toBeLessThanOrEqual(day!.loans);
      expect([...byJob.values()].reduce((s, n) => s + n, 0)).toBe(day!.loans);
      expect(workersSeen!.n).toBe(2);
      report(
        'close of business started 4 times at once through 2 gateways (GATEWAY_WORKER=off), 2 workers',
        [
          `${byJob.size} job(s) answered the 4 requests; their loan-days add up to one run's ${day!.loans}`,
          `one close_of_business_days row; ${accruals!.n} accrual entries for ${TARGET}, none twice for a loan`,
          `both workers beating (${workersSeen!.n}); 4 processes started together on an empty database migrated it without colliding`,
        ],
      );
    } finally {
      await db.close();
    }
  });
});
