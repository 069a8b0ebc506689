/**
 * Issue 11's table in one run, on a real PostgreSQL, each row a ratio to a
 * baseline measured in the same run, the load generators in processes of
 * their own (autocannon or the repayment clients; the gateway in a child):
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres pnpm bench:performance
 *     [--seconds 10] [--loans 1000000] [--cob-days 1] [--growth-loans 100000] [--growth-days 30]
 *
 * Close of business is measured twice: at --loans for the day's time against
 * one UPDATE, and at --growth-loans over --growth-days days for day N against
 * day 1 (the cost must not grow with the journal; 30 days of a million loans
 * would be ~45 minutes on two cores). Each part makes its own databases on
 * that server and drops them at the end.
 */
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { GUARD_TARGET_RATIO, measureGuard } from './consent/measure-guard.js';
import { DASHBOARD_TARGET_RATIO, measureDashboard } from './gateway/dashboard.js';
import type { LoadSettings } from './harness/query-load.js';
import { describeWal, measureCloseOfBusiness } from './ledger/close-of-business.js';
import { runPgbench } from './ledger/pgbench.js';
import { measureRepayments } from './ledger/repayments.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    loans: { type: 'string', default: '1000000' },
    'cob-days': { type: 'string', default: '1' },
    'growth-loans': { type: 'string', default: '100000' },
    'growth-days': { type: 'string', default: '30' },
    clients: { type: 'string', default: '16' },
    only: { type: 'string', multiple: true },
  },
});
const SECONDS = Math.max(2, Math.min(Number(values.seconds), 300));
const CLIENTS = Math.max(1, Math.min(Number(values.clients), 64));
const COB_LOANS = Math.max(1, Math.min(Number(values.loans), 1_000_000));
const COB_DAYS = Math.max(1, Math.min(Number(values['cob-days']), 60));
const GROWTH_LOANS = Math.max(1, Math.min(Number(values['growth-loans']), 1_000_000));
const GROWTH_DAYS = Math.max(2, Math.min(Number(values['growth-days']), 60));
const parts = new Set(values.only ?? ['repayments', 'guard', 'cob', 'dashboard']);

const serverUrl = process.env['DATABASE_URL'];
if (!serverUrl) {
  process.stderr.write('bench:performance needs DATABASE_URL (a real PostgreSQL server)\n');
  process.exit(2);
}

interface Row {
  readonly measure: string;
  readonly figure: string;
  readonly ratio: number;
  readonly target: string;
  readonly met: boolean;
}
const rows: Row[] = [];
const log = (line: string) => process.stdout.write(`${line}\n`);
const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(', ');

async function repayments(): Promise<void> {
  const pgbench = await runPgbench(serverUrl!, CLIENTS, SECONDS);
  log(`  pgbench TPC-B, ${CLIENTS} clients: ${pgbench.tps.toFixed(0)} tps`);
  const repay = await measureRepayments({
    clients: CLIENTS,
    seconds: SECONDS,
    warmupSeconds: 2,
    loadProcesses: 2,
  });
  const one = repay.oneCashAccount;
  const own = repay.ownCashAccounts;
  log(
    `  repayments, one house CASH account: ${one.perSecond.toFixed(0)}/s; ` +
      `own house accounts: ${own.perSecond.toFixed(0)}/s; CPU a repayment: gateway ` +
      `${(one.gatewayCpu * 1000).toFixed(2)} ms, PostgreSQL ${(one.serverCpu * 1000).toFixed(2)} ms`,
  );
  const ratio = one.perSecond / pgbench.tps;
  rows.push({
    measure: `repayments/s (${CLIENTS} clients, distinct loans) : pgbench TPC-B tps`,
    figure: `${one.perSecond.toFixed(0)} : ${pgbench.tps.toFixed(0)}`,
    ratio,
    target: '>= 0.5',
    met: ratio >= 0.5,
  });
  const hot = one.perSecond / own.perSecond;
  rows.push({
    measure: 'repayments/s, one house cash account : one per client',
    figure: `${one.perSecond.toFixed(0)} : ${own.perSecond.toFixed(0)}`,
    ratio: hot,
    target: '>= 0.8',
    met: hot >= 0.8,
  });
}

async function closeOfBusiness(): Promise<void> {
  const big = await measureCloseOfBusiness({
    databaseUrl: serverUrl!,
    loans: COB_LOANS,
    days: COB_DAYS,
    onDay: (day, s, wal) =>
      log(
        `  close of business, ${COB_LOANS} loans, day ${day}: ${s.toFixed(1)} s, ${describeWal(wal)}`,
      ),
  });
  const day1 = big.daySeconds[0]!;
  log(
    `  one UPDATE of the same ${big.instalments} instalment rows: ${big.updateSeconds.toFixed(1)} s, ${describeWal(big.updateWal)}`,
  );
  rows.push({
    measure: `close of business, ${COB_LOANS} loans, day 1 : one UPDATE of their instalments`,
    figure: `${day1.toFixed(1)} s : ${big.updateSeconds.toFixed(1)} s`,
    ratio: day1 / big.updateSeconds,
    target: '<= 3, under 60 s',
    met: day1 / big.updateSeconds <= 3 && day1 < 60,
  });
  const growth = await measureCloseOfBusiness({
    databaseUrl: serverUrl!,
    loans: GROWTH_LOANS,
    days: GROWTH_DAYS,
    onDay: (day, s, wal) =>
      log(
        `  close of business, ${GROWTH_LOANS} loans, day ${day}: ${s.toFixed(2)} s, ${describeWal(wal)}`,
      ),
  });
  // Single days vary by ±25 % on two cores (checkpoints, autovacuum), so the
  // first and last five days are compared by their medians.
  const span = Math.min(5, Math.floor(GROWTH_DAYS / 2));
  const first = median(growth.daySeconds.slice(0, span));
  const last = median(growth.daySeconds.slice(-span));
  rows.push({
    measure: `close of business, ${GROWTH_LOANS} loans, days ${GROWTH_DAYS - span + 1}-${GROWTH_DAYS} : days 1-${span}, medians (${growth.journalRows} postings by then)`,
    figure: `${last.toFixed(2)} s : ${first.toFixed(2)} s`,
    ratio: last / first,
    target: 'does not grow (~1)',
    met: last / first <= 1.1,
  });
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const queryLoad = (): LoadSettings => ({
  duration: SECONDS,
  connections: 8,
  warmup: 2,
  rounds: 2,
});

async function guard(): Promise<void> {
  const g = await measureGuard(queryLoad());
  if (!g.clean) throw new Error('guard bench: a response under load was not the expected 200');
  log(
    `  guarded query (100 reference contacts, 10 borrowers): ${g.guarded.requestsPerSecond.toFixed(0)} req/s; ` +
      `the same shape on a field that is not sensitive: ${g.plain.requestsPerSecond.toFixed(0)} req/s`,
  );
  rows.push({
    measure:
      'guarded query (100 reference contacts, 10 borrowers) : the same shape, not sensitive (times slower)',
    figure: `${g.guarded.requestsPerSecond.toFixed(0)} : ${g.plain.requestsPerSecond.toFixed(0)} req/s`,
    ratio: g.ratio,
    target: `<= ${GUARD_TARGET_RATIO}`,
    met: g.ratio <= GUARD_TARGET_RATIO,
  });
}

async function dashboard(): Promise<void> {
  const d = await measureDashboard(queryLoad());
  if (!d.clean) throw new Error('dashboard bench: a response under load was not the expected 200');
  const { small, large } = d.statementsPerRequest;
  log(
    `  dashboard 5 x 10 x 12: ${d.dashboard.requestsPerSecond.toFixed(0)} req/s; { viewer { id } }: ` +
      `${d.viewer.requestsPerSecond.toFixed(0)} req/s; statements a request: ${small} (1 x 1 x 3), ${large} (5 x 10 x 12)`,
  );
  rows.push({
    measure: 'borrower dashboard (5 lines x 10 loans x 12 instalments) : { viewer { id } }, req/s',
    figure: `${d.dashboard.requestsPerSecond.toFixed(0)} : ${d.viewer.requestsPerSecond.toFixed(0)} req/s`,
    ratio: d.ratio,
    target: `>= ${DASHBOARD_TARGET_RATIO}`,
    met: d.ratio >= DASHBOARD_TARGET_RATIO,
  });
  rows.push({
    measure: 'SQL statements per dashboard request, 5 x 10 x 12 : 1 x 1 x 3',
    figure: `${large} : ${small}`,
    ratio: large / small,
    target: '1 (independent of list sizes)',
    met: large === small,
  });
}

async function main(): Promise<void> {
  const version = execFileSync('psql', [serverUrl!, '-Atc', 'show server_version'], {
    encoding: 'utf8',
  }).trim();
  log(`performance bench on PostgreSQL ${version}; load average at start ${load()}`);
  if (parts.has('repayments')) await repayments();
  if (parts.has('guard')) await guard();
  if (parts.has('dashboard')) await dashboard();
  if (parts.has('cob')) await closeOfBusiness();
  log(`load average at end ${load()}\n`);
  log('| measure | figure | ratio | target | met |');
  log('| --- | --- | --- | --- | --- |');
  for (const r of rows)
    log(
      `| ${r.measure} | ${r.figure} | ${r.ratio.toFixed(2)} | ${r.target} | ${r.met ? 'yes' : 'no'} |`,
    );
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:performance failed: ${String((error as Error)?.stack ?? error)}\n`);
  process.exit(1);
});
