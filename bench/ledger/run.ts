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
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { borrowerFactory } from '@lending/borrowers/testing';
import { getBusinessDate, queryRows } from '@lending/db';
import { BusinessDate, FixedClock, Money, Role, toGlobalId } from '@lending/kernel';
import { runCloseOfBusiness } from '@lending/close-of-business';
import { drawdown, makeRepayment } from '@lending/ledger';
import { creditLineFactory } from '@lending/ledger/testing';
import { createTestDb } from '@lending/testing';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '15' },
    loans: { type: 'string', default: '100000' },
    clients: { type: 'string', default: '16' },
  },
});
const SECONDS = Math.min(Number(values.seconds), 300);
const COB_LOANS = Math.min(Number(values.loans), 1_000_000);
const CLIENTS = Math.min(Number(values.clients), 64);
const LOANS_PER_CLIENT = 20;

const serverUrl = process.env['DATABASE_URL'];
if (!serverUrl) {
  process.stderr.write('bench:ledger needs DATABASE_URL (a real PostgreSQL server)\n');
  process.exit(2);
}

function pgbenchTps(url: string): number {
  const db = `bench_pgbench_${process.pid}`;
  const admin = new URL(url);
  const env = {
    ...process.env,
    PGHOST: admin.hostname,
    PGPORT: admin.port || '5432',
    PGUSER: decodeURIComponent(admin.username) || 'postgres',
  };
  execFileSync(
    'psql',
    ['-d', admin.pathname.slice(1) || 'postgres', '-qc', `CREATE DATABASE "${db}"`],
    { env },
  );
  try {
    execFileSync('pgbench', ['-i', '-q', '-s', String(CLIENTS), db], { env, stdio: 'ignore' });
    const out = execFileSync(
      'pgbench',
      ['-c', String(CLIENTS), '-j', '2', '-T', String(SECONDS), db],
      { env },
    ).toString();
    const match = /tps = ([\d.]+) \(without initial connection time\)/.exec(out);
    if (!match) throw new Error(`unexpected pgbench output:\n${out}`);
    return Number(match[1]);
  } finally {
    execFileSync(
      'psql',
      [
        '-d',
        admin.pathname.slice(1) || 'postgres',
        '-qc',
        `DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`,
      ],
      { env },
    );
  }
}

async function repaymentsPerSecond(): Promise<{ perSecond: number; total: number }> {
  const handle = await createTestDb({ databaseUrl: serverUrl, businessDate: '2026-01-15' });
  const clock = new FixedClock('2026-01-15T09:00:00Z');
  try {
    const clients: { actor: { id: string; role: Role; borrowerId: string }; loans: string[] }[] =
      [];
    for (let c = 0; c < CLIENTS; c++) {
      const borrowerId = (await borrowerFactory(handle.db)).id;
      const line = await creditLineFactory(handle.db, borrowerId, { limit: '1000000.00' });
      const actor = { id: toGlobalId('Borrower', borrowerId), role: Role.BORROWER, borrowerId };
      const loans: string[] = [];
      for (let l = 0; l < LOANS_PER_CLIENT; l++) {
        const r = await drawdown({ db: handle.db, clock }, actor, {
          creditLineId: line.id,
          amount: Money.parseOrThrow('20000.00', 'CNY'),
          termMonths: 12,
          repaymentMethod: 'EQUAL_INSTALLMENT',
          idempotencyKey: `seed-${l}`,
        });
        if (!r.ok) throw new Error(r.errors[0].code);
        loans.push(r.value.loanId);
      }
      clients.push({ actor, loans });
    }
    const deadline = performance.now() + SECONDS * 1000;
    let total = 0;
    const started = performance.now();
    await Promise.all(
      clients.map(async ({ actor, loans }, c) => {
        for (let i = 0; performance.now() < deadline; i++) {
          const r = await makeRepayment({ db: handle.db, clock }, actor, {
            loanId: loans[i % loans.length]!,
            amount: Money.parseOrThrow('1.00', 'CNY'),
            idempotencyKey: `c${c}-${i}`,
          });
          if (!r.ok) throw new Error(r.errors[0].code);
          total++;
        }
      }),
    );
    return { perSecond: total / ((performance.now() - started) / 1000), total };
  } finally {
    await handle.close();
  }
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
  const tps = pgbenchTps(serverUrl!);
  process.stdout.write(
    `pgbench TPC-B (scale ${CLIENTS}, ${CLIENTS} clients): ${tps.toFixed(0)} tps\n`,
  );
  const repay = await repaymentsPerSecond();
  process.stdout.write(
    `repayments (${CLIENTS} clients, distinct loans): ${repay.perSecond.toFixed(0)}/s (${repay.total} in ${SECONDS} s)\n` +
      `ratio repayments/s : pgbench tps = ${(repay.perSecond / tps).toFixed(3)}\n`,
  );
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
