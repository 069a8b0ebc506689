/**
 * The real gateway for the collections bench, started as start-gateway.ts
 * starts it (every default module, HS256 with a random secret, a random
 * contact-data key, logger `silent`, `production: true`, in-memory PGlite or
 * a fresh database on DATABASE_URL's server), with BENCH_QUEUE_CASES open
 * collection cases (default 10,000; and as many resolved ones) seeded by
 * collections/seed.ts (with BENCH_QUEUE_INDEX=1, plus the what-if index
 * QUEUE_INDEX_NULLS_FIRST). Announces the URL, an OPS token and a COLLECTOR
 * token for collector-1.
 */
import { getBusinessDate, queryRows } from '@lending/db';
import { Role } from '@lending/kernel';
import { sql } from 'drizzle-orm';
import { COLLECTORS, QUEUE_INDEX_NULLS_FIRST, seedQueue } from '../collections/seed.js';
import type { QueueAnnouncement } from '../collections/announcement.js';
import { announce, failStart, stopWhenAsked } from './child.js';
import { startBenchGateway } from './start-gateway.js';

async function main(): Promise<void> {
  const openCases = Number(process.env['BENCH_QUEUE_CASES'] ?? 10_000);
  if (!Number.isInteger(openCases) || openCases < 1)
    throw new Error('BENCH_QUEUE_CASES must be a positive integer');
  const gateway = await startBenchGateway();
  const db = gateway.db.db;
  const seeded = await seedQueue(db, { openCases, businessDate: await getBusinessDate(db) });
  const queueIndex = process.env['BENCH_QUEUE_INDEX'] === '1';
  if (queueIndex) {
    await db.execute(QUEUE_INDEX_NULLS_FIRST);
    await db.execute(sql`analyze collection_cases`);
  }
  const collectorId = COLLECTORS[0]!;
  const [visible] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from collection_cases
        where status <> 'RESOLVED' and (assigned_to = ${collectorId} or assigned_to is null)`,
  );
  const announcement: QueueAnnouncement = {
    url: gateway.url,
    token: await gateway.token({ sub: 'ops-bench', role: Role.OPS }),
    collectorToken: await gateway.token({ sub: collectorId, role: Role.COLLECTOR }),
    collectorId,
    openCases: seeded.open,
    resolvedCases: seeded.resolved,
    visibleToCollector: visible!.n,
    driver: gateway.db.driver,
    queueIndex,
  };
  stopWhenAsked(gateway.stop);
  announce(announcement);
}

main().catch(failStart('gateway'));
