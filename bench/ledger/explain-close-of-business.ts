/**
 * Where one batch of close of business spends its time, at scale: seeds N
 * loans, closes --days days through the real run, then closes one batch of the next
 * with auto_explain on (ANALYZE, BUFFERS, triggers, nested statements) and
 * prints each statement's plan from the server's log, slowest first.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
 *   PG_LOG=/var/log/postgresql/postgresql-15-main.log \
 *   pnpm --filter @lending/bench bench:ledger:explain-cob [--loans 1000000] [--batch 10000]
 *
 * Needs to read the server's log file (the local server's, as its owner or
 * in group adm) and a superuser to load auto_explain for the one database.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { planPaymentReminders } from '@lending/collections';
import { BusinessCalendarMode, runCloseOfBusiness } from '@lending/close-of-business';
import { createDb, queryRows, withTransaction } from '@lending/db';
import { BusinessDate, FixedClock } from '@lending/kernel';
import { closeLedgerBatch } from '@lending/ledger';
import { createTestDb } from '@lending/testing';
import { seedCloseOfBusinessBook } from './close-of-business.js';

const SIMULATED = { mode: BusinessCalendarMode.SIMULATED, timeZone: 'Asia/Shanghai' } as const;

const { values } = parseArgs({
  options: {
    loans: { type: 'string', default: '1000000' },
    batch: { type: 'string', default: '10000' },
    /** Days closed before the explained batch (the journal they leave behind). */
    days: { type: 'string', default: '1' },
    /** Seed loans, and instalments, with these fillfactors (room on each page for HOT updates). */
    'loans-fillfactor': { type: 'string' },
    'installments-fillfactor': { type: 'string' },
  },
});
const serverUrl = process.env['DATABASE_URL'];
const logFile = process.env['PG_LOG'] ?? '/var/log/postgresql/postgresql-15-main.log';
if (!serverUrl) {
  process.stderr.write('needs DATABASE_URL (a real PostgreSQL server)\n');
  process.exit(2);
}

function readFrom(offset: number): string {
  const size = statSync(logFile).size;
  const buffer = Buffer.alloc(size - offset);
  const fd = openSync(logFile, 'r');
  try {
    readSync(fd, buffer, 0, buffer.length, offset);
  } finally {
    closeSync(fd);
  }
  return buffer.toString('utf8');
}

async function main(): Promise<void> {
  const loans = Number(values.loans);
  const handle = await createTestDb({ databaseUrl: serverUrl, businessDate: '2026-01-15' });
  const clock = new FixedClock('2026-01-15T09:00:00Z');
  try {
    for (const table of ['loans', 'installments'] as const) {
      const ff = values[`${table}-fillfactor`];
      if (ff === undefined) continue;
      const percent = Math.max(10, Math.min(100, Number(ff)));
      await handle.db.execute(sql.raw(`alter table ${table} set (fillfactor = ${percent})`));
    }
    await seedCloseOfBusinessBook(handle.db, loans);
    const days = Math.max(1, Math.min(90, Number(values.days)));
    const start = BusinessDate.parseOrThrow('2026-01-15');
    const t0 = performance.now();
    const before = await runCloseOfBusiness(handle.db, clock, start.addDays(days), {
      calendar: SIMULATED,
    });
    if (!before.ok) throw new Error(JSON.stringify(before.errors));
    process.stdout.write(
      `${loans} loans; days 1-${days} closed in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
    );
    const [{ name } = { name: '' }] = await queryRows<{ name: string }>(
      handle.db,
      sql`select current_database() as name`,
    );
    const settings = [
      `session_preload_libraries = 'auto_explain'`,
      'auto_explain.log_min_duration = 0',
      'auto_explain.log_analyze = on',
      'auto_explain.log_buffers = on',
      'auto_explain.log_triggers = on',
      'auto_explain.log_nested_statements = on',
    ];
    for (const s of settings) await handle.db.execute(sql.raw(`alter database "${name}" set ${s}`));
    const url = new URL(serverUrl!);
    url.pathname = `/${name}`;
    const explained = await createDb({ databaseUrl: url.toString(), maxConnections: 1 });
    try {
      const indexBlocks = () =>
        queryRows<{ index: string; read: number; hit: number }>(
          handle.db,
          sql`select indexrelname as index, idx_blks_read::int as read, idx_blks_hit::int as hit
              from pg_statio_user_indexes where relname in ('postings', 'journal_entries', 'loans', 'installments')`,
        );
      // Cumulative statistics reach the shared counters when a backend goes idle, at most once a second.
      const settle = () => new Promise((r) => setTimeout(r, 1500));
      await settle();
      const blocksBefore = await indexBlocks();
      const offset = statSync(logFile).size;
      const day = start.addDays(days + 1);
      const t1 = performance.now();
      const closed = await withTransaction(explained.db, async (tx) => {
        const batch = await closeLedgerBatch(tx, day, clock.now(), {
          after: null,
          limit: Number(values.batch),
          skipLocked: true,
        });
        await planPaymentReminders(tx, day, clock.now(), batch.loanIds);
        // This transaction's own counts: pg_stat_xact_* is per transaction.
        const updates = await queryRows<{ table: string; updated: number; hot: number }>(
          tx,
          sql`select relname as table, n_tup_upd::int as updated, n_tup_hot_upd::int as hot
              from pg_stat_xact_user_tables where relname in ('loans', 'installments') order by relname`,
        );
        return { loans: batch.loanIds.length, updates };
      });
      const hot = closed.updates;
      const sizes = await queryRows<{ index: string; mb: number }>(
        explained.db,
        sql`select indexrelid::regclass::text as index, round(pg_relation_size(indexrelid) / 1048576.0)::int as mb
            from pg_index where indrelid in ('postings'::regclass, 'journal_entries'::regclass) order by 1`,
      );
      const batchMs = performance.now() - t1;
      await settle();
      await explained.db.execute(sql`select 1`);
      await settle();
      const blocksAfter = await indexBlocks();
      const blockDeltas = blocksAfter
        .map((after) => {
          const was = blocksBefore.find((b) => b.index === after.index);
          return {
            index: after.index,
            read: after.read - (was?.read ?? 0),
            hit: after.hit - (was?.hit ?? 0),
          };
        })
        .filter((d) => d.read + d.hit > 0)
        .sort((a, b) => b.read - a.read);
      const plans = readFrom(offset)
        .split(/\n(?=\S+ \S+ UTC \[\d+\] )/)
        .filter((entry) => entry.includes('duration:') && entry.includes('plan:'))
        .map((entry) => ({
          ms: Number(/duration: ([\d.]+) ms/.exec(entry)?.[1] ?? 0),
          text: entry.slice(entry.indexOf('Query Text:')),
        }))
        .sort((a, b) => b.ms - a.ms);
      process.stdout.write(
        `one batch of day ${days + 1} (${closed.loans} loans) in ${batchMs.toFixed(0)} ms (with auto_explain's own cost); ` +
          `${plans.length} statements, slowest first. Rows updated (of them HOT, without index writes): ` +
          `${hot.map((h) => `${h.table} ${h.updated} (${h.hot})`).join(', ')}\n\n`,
      );
      process.stdout.write(
        `journal index sizes: ${sizes.map((i) => `${i.index} ${i.mb} MB`).join(', ')}\n\n`,
      );
      process.stdout.write(
        `index blocks in the batch, read from outside shared_buffers (found in them): ` +
          `${blockDeltas.map((d) => `${d.index} ${d.read} (${d.hit})`).join(', ')}\n\n`,
      );
      for (const p of plans) process.stdout.write(`--- ${p.ms.toFixed(1)} ms\n${p.text}\n\n`);
    } finally {
      await explained.close();
    }
  } finally {
    await handle.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`explain failed: ${String((error as Error)?.stack ?? error)}\n`);
  process.exit(1);
});
