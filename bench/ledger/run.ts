/**
 * Ledger throughput on a real PostgreSQL, in one run:
 *  1. repayments per second with 16 concurrent clients on distinct loans,
 *     as a ratio to pgbench's TPC-B transactions per second (same server,
 *     same client count);
 *  2. close of business for 100,000 loans, in seconds, as a ratio to one
 *     UPDATE touching the same instalment rows.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres pnpm --filter @lending/bench bench:ledger [--seconds 15] [--loans 100000]
 *
 * Creates its own databases on that server (dropped at the end).
 */
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { borrowerFactory } from '@lending/borrowers/testing';
import { getBusinessDate, queryRows } from '@lending/db';
import { BusinessDate, FixedClock } from '@lending/kernel';
import { runCloseOfBusiness } from '@lending/close-of-business';
import { creditLineFactory } from '@lending/ledger/testing';
import { createTestDb } from '@lending/testing';
import { runPgbench } from './pgbench.js';
import { measureRepayments, type RepaymentRun } from './repayments.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '15' },
    loans: { type: 'string', default: '100000' },
    clients: { type: 'string', default: '16' },
    'load-processes': { type: 'string', default: '2' },
    only: { type: 'string' },
  },
});
const SECONDS = Math.min(Number(values.seconds), 300);
const COB_LOANS = Math.min(Number(values.loans), 1_000_000);
const CLIENTS = Math.min(Number(values.clients), 64);
const LOAD_PROCESSES = Math.max(1, Math.min(Number(values['load-processes']), 16));

const serverUrl = process.env['DATABASE_URL'];
if (!serverUrl) {
  process.stderr.write('bench:ledger needs DATABASE_URL (a real PostgreSQL server)\n');
  process.exit(2);
}

async function closeOfBusiness(): Promise<{
  cobSeconds: number;
  updateSeconds: number;
  rows: number;
}> {
  const handle = await createTestDb({ databaseUrl: serverUrl, businessDate: '2026-01-15' });
  const clock = new FixedClock('2026-01-15T09:00:00Z');
  try {
    const borrowerId = (await borrowerFactory(handle.db)).id;
    const line = await creditLineFactory(handle.db, borrowerId, { limit: '100000000000.00' });
    // 100,000 loans of 3,000.00 over 3 months with their schedules, written set-based.
    await handle.db.execute(sql`
      insert into loans (id, borrower_id, credit_line_id, currency, principal_minor, annual_rate, term_months,
                         repayment_method, disbursed_on, status, days_past_due, created_at)
      select gen_random_uuid(), ${borrowerId}, ${line.id}, 'CNY', 300000, 0.18, 3, 'EQUAL_PRINCIPAL', '2026-01-15', 'ACTIVE', 0, now()
      from generate_series(1, ${COB_LOANS})`);
    await handle.db.execute(sql`
      insert into installments (loan_id, borrower_id, number, due_date, principal_due_minor, interest_due_minor, status)
      select l.id, l.borrower_id, n, ('2026-01-15'::date + (n || ' month')::interval)::date, 100000, 4500 - (n - 1) * 1500, 'PENDING'
      from loans l cross join generate_series(1, 3) as n`);
    await handle.db.execute(sql`analyze`);
    const today = BusinessDate.parseOrThrow(await getBusinessDate(handle.db));
    const t0 = performance.now();
    const result = await runCloseOfBusiness(handle.db, clock, today.addDays(1));
    const cobSeconds = (performance.now() - t0) / 1000;
    if (!result.ok || result.value.loansProcessed !== COB_LOANS)
      throw new Error('close of business did not cover every loan');
    const [{ n } = { n: 0 }] = await queryRows<{ n: number }>(
      handle.db,
      sql`select count(*)::int as n from installments`,
    );
    const t1 = performance.now();
    await handle.db.execute(
      sql`update installments set interest_accrued_minor = interest_accrued_minor + 0`,
    );
    const updateSeconds = (performance.now() - t1) / 1000;
    return { cobSeconds, updateSeconds, rows: n };
  } finally {
    await handle.close();
  }
}

async function main(): Promise<void> {
  const version = await (async () => {
    const client = postgres(serverUrl!, { max: 1, onnotice: () => {} });
    try {
      const [row] = await client`select version()`;
      return String(row?.['version']).split(',')[0];
    } finally {
      await client.end();
    }
  })();
  process.stdout.write(`ledger bench on ${version}; ${CLIENTS} clients, ${SECONDS} s\n`);
  if (values.only !== 'cob') await repayments();
  if (values.only !== 'repayments') await cobRow();
}

async function repayments(): Promise<void> {
  const pgbench = await runPgbench(serverUrl!, CLIENTS, SECONDS);
  const ms = (seconds: number) => `${(seconds * 1000).toFixed(2)} ms`;
  process.stdout.write(
    `pgbench TPC-B (scale ${CLIENTS}, ${CLIENTS} clients): ${pgbench.tps.toFixed(0)} tps; ` +
      `PostgreSQL CPU ${ms(pgbench.serverCpuPerTransaction)} a transaction\n`,
  );
  const repay = await measureRepayments({
    clients: CLIENTS,
    seconds: SECONDS,
    warmupSeconds: 2,
    loadProcesses: LOAD_PROCESSES,
  });
  const line = (what: string, r: RepaymentRun) =>
    `${what}: ${r.perSecond.toFixed(0)}/s (${r.acknowledged} in ${SECONDS} s); CPU a repayment: ` +
    `gateway ${ms(r.gatewayCpu)}, PostgreSQL ${ms(r.serverCpu)}\n`;
  const one = repay.oneCashAccount;
  const own = repay.ownCashAccounts;
  process.stdout.write(
    line(
      `repayments through the gateway (${CLIENTS} clients in ${LOAD_PROCESSES} load processes, distinct loans, one house CASH account)`,
      one,
    ) +
      line(`the same, each client's repayments into a house CASH account of its own`, own) +
      `ratio repayments/s : pgbench tps = ${(one.perSecond / pgbench.tps).toFixed(3)}\n` +
      `ratio PostgreSQL CPU, pgbench transaction : repayment = ${(pgbench.serverCpuPerTransaction / one.serverCpu).toFixed(2)}\n` +
      `ratio one house account : own house accounts = ${(one.perSecond / own.perSecond).toFixed(2)}\n`,
  );
}

async function cobRow(): Promise<void> {
  const cob = await closeOfBusiness();
  process.stdout.write(
    `close of business, one day, ${COB_LOANS} loans: ${cob.cobSeconds.toFixed(2)} s\n` +
      `one UPDATE of the same ${cob.rows} instalment rows: ${cob.updateSeconds.toFixed(2)} s\n` +
      `ratio COB : UPDATE = ${(cob.cobSeconds / cob.updateSeconds).toFixed(1)}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:ledger failed: ${String((error as Error)?.stack ?? error)}\n`);
  process.exit(1);
});
