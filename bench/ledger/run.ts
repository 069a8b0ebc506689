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
import postgres from 'postgres';
import { runPgbench } from './pgbench.js';
import { describeWal, measureCloseOfBusiness } from './close-of-business.js';
import { measureRepayments, type RepaymentRun } from './repayments.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '15' },
    loans: { type: 'string', default: '1000000' },
    'cob-days': { type: 'string', default: '30' },
    clients: { type: 'string', default: '16' },
    'load-processes': { type: 'string', default: '2' },
    only: { type: 'string' },
  },
});
const SECONDS = Math.min(Number(values.seconds), 300);
const COB_LOANS = Math.min(Number(values.loans), 1_000_000);
const COB_DAYS = Math.max(1, Math.min(Number(values['cob-days']), 60));
const CLIENTS = Math.min(Number(values.clients), 64);
const LOAD_PROCESSES = Math.max(1, Math.min(Number(values['load-processes']), 16));

const serverUrl = process.env['DATABASE_URL'];
if (!serverUrl) {
  process.stderr.write('bench:ledger needs DATABASE_URL (a real PostgreSQL server)\n');
  process.exit(2);
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
  const cob = await measureCloseOfBusiness({
    databaseUrl: serverUrl!,
    loans: COB_LOANS,
    days: COB_DAYS,
    onDay: (day, seconds, wal) =>
      process.stdout.write(
        `  close of business day ${day}: ${seconds.toFixed(2)} s, ${describeWal(wal)}\n`,
      ),
  });
  const first = cob.daySeconds[0]!;
  const last = cob.daySeconds[cob.daySeconds.length - 1]!;
  process.stdout.write(
    `close of business, ${COB_LOANS} loans: day 1 ${first.toFixed(2)} s, day ${COB_DAYS} ${last.toFixed(2)} s ` +
      `(journal ${cob.journalRows} postings by then)\n` +
      `one UPDATE of the same ${cob.instalments} instalment rows: ${cob.updateSeconds.toFixed(2)} s, ${describeWal(cob.updateWal)}\n` +
      `ratio COB : UPDATE = day 1 ${(first / cob.updateSeconds).toFixed(2)}, day ${COB_DAYS} ${(last / cob.updateSeconds).toFixed(2)}\n` +
      `ratio day ${COB_DAYS} : day 1 = ${(last / first).toFixed(2)}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:ledger failed: ${String((error as Error)?.stack ?? error)}\n`);
  process.exit(1);
});
