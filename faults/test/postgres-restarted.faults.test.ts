import { execFileSync } from 'node:child_process';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, queryRows, type DbHandle } from '@lending/db';
import { toGlobalId } from '@lending/kernel';
import {
  freshDatabase,
  gql,
  report,
  SERVER_URL,
  token,
  type FreshDatabase,
} from '../src/database.js';
import { drawLoans } from '../src/loans.js';
import { startGateway, type PlatformProcess } from '../src/processes.js';
import { payUntilAnswered } from '../src/repayment-clients.js';

const LOANS = 8;
/** Restarting a cluster needs its own host: loopback only. */
const onLoopback =
  SERVER_URL !== undefined && ['127.0.0.1', 'localhost'].includes(new URL(SERVER_URL).hostname);

async function postmasterStart(db: DbHandle): Promise<string> {
  const [row] = await queryRows<{ at: string }>(
    db.db,
    sql`select pg_postmaster_start_time()::text as at`,
  );
  return row!.at;
}

function restartPostgres(): void {
  execFileSync('pg_ctlcluster', ['15', 'main', 'restart'], { stdio: 'ignore', timeout: 60_000 });
}

describe.skipIf(!onLoopback)('PostgreSQL restarted while requests are in flight', () => {
  let database: FreshDatabase;
  let gateway: PlatformProcess;
  let db: DbHandle;
  const loans: string[] = [];

  beforeAll(async () => {
    database = await freshDatabase();
    gateway = await startGateway('gateway', database.url);
    db = await createDb({ databaseUrl: database.url, maxConnections: 2 });
    loans.push(...(await drawLoans(db.db, LOANS, 'restart')));
  });
  afterAll(async () => {
    await gateway?.stop();
    await db?.close();
    await database?.drop();
  });

  it('answers with a coded error, never a 500 or a hang, and serves again within seconds', async () => {
    const opsToken = await token('OPS', 'ops-faults', database.url);
    // Readers: every answer is data or a coded error, within the client's 10 s deadline.
    const readerCodes = new Map<string, number>();
    const readerStatuses = new Map<number, number>();
    let reading = true;
    let slowestMs = 0;
    const readers = [0, 1, 2, 3].map(async () => {
      while (reading) {
        const sent = Date.now();
        const res = await gql<{ businessDate: string }>(gateway.url!, opsToken, '{ businessDate }');
        slowestMs = Math.max(slowestMs, Date.now() - sent);
        readerStatuses.set(res.status, (readerStatuses.get(res.status) ?? 0) + 1);
        const code = res.errors?.[0]?.extensions?.code ?? (res.data?.businessDate ? 'ok' : 'none');
        readerCodes.set(code, (readerCodes.get(code) ?? 0) + 1);
        await new Promise((r) => setTimeout(r, 20));
      }
    });
    const payers = payUntilAnswered({
      url: () => gateway.url!,
      token: opsToken,
      loanIds: loans.map((id) => toGlobalId('Loan', id)),
    });
    await payers.untilAcknowledged(2 * LOANS);
    const startedBefore = await postmasterStart(db);
    const restartedAt = Date.now();
    restartPostgres();
    const restartMs = Date.now() - restartedAt;
    // Back: the first successful read after the server is up again.
    const backAt = Date.now();
    let servedAgainMs = -1;
    while (Date.now() - backAt < 30_000) {
      const res = await gql<{ businessDate: string }>(gateway.url!, opsToken, '{ businessDate }');
      if (res.data?.businessDate) {
        servedAgainMs = Date.now() - backAt;
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const ackedBefore = payers.acknowledged.length;
    await payers.untilAcknowledged(ackedBefore + 2 * LOANS, 30_000);
    reading = false;
    await Promise.all(readers);
    await payers.stop();

    expect(servedAgainMs).toBeGreaterThanOrEqual(0);
    expect(servedAgainMs).toBeLessThan(10_000);
    // Every reader answer was data or a coded, retryable refusal; no HTTP 500.
    expect([...readerStatuses.keys()].filter((s) => s >= 500)).toEqual([]);
    expect([...payers.statuses.keys()].filter((s) => s >= 500)).toEqual([]);
    expect(
      [...readerCodes.keys()].filter((c) => c !== 'ok' && c !== 'SERVICE_UNAVAILABLE'),
    ).toEqual([]);
    expect(payers.unexpected).toEqual([]);
    // The server really restarted under the load (a request in flight at that moment
    // is refused; one sent while it is down waits for the reconnect, within its deadline).
    expect(await postmasterStart(db)).not.toBe(startedBefore);
    const posted = await queryRows<{ n: number }>(
      db.db,
      sql`select count(*)::int as n from repayments`,
    );
    expect(posted[0]!.n).toBe(payers.acknowledged.length);

    report('pg_ctlcluster 15 main restart under 4 readers and 8 paying clients', [
      `restart took ${restartMs} ms; the gateway served again ${servedAgainMs} ms after, without its own restart`,
      `reader answers: ${[...readerCodes].map(([c, n]) => `${c} ${n}`).join(', ')}; HTTP ${[...readerStatuses].map(([s, n]) => `${s}×${n}`).join(', ')}`,
      `no HTTP 5xx and no hang: the slowest read took ${slowestMs} ms (deadline 10 s)`,
      `${payers.acknowledged.length} repayments acknowledged, each posted once (${payers.retried} retries)`,
    ]);
  });
});
