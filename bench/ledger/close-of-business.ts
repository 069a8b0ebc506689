/**
 * Close of business at scale, on a database of its own: N loans of 3,000.00
 * over 3 months with their schedules (seeded set-based, with time-ordered ids
 * as drawdowns make them, so the table is in id order as it would be), closed day after
 * day through the real run (batches, then the day's last transaction), each
 * day timed; then one UPDATE touching every instalment row of those loans,
 * the baseline. Day 1 against the last day shows whether the cost grows with
 * the journal (each day adds an accrual entry and two postings per loan).
 */
import { sql } from 'drizzle-orm';
import { borrowerFactory } from '@lending/borrowers/testing';
import { getBusinessDate, queryRows, type Db } from '@lending/db';
import { BusinessDate, FixedClock } from '@lending/kernel';
import { BusinessCalendarMode, runCloseOfBusiness } from '@lending/close-of-business';
import { creditLineFactory, insertLoansSetBased } from '@lending/ledger/testing';
import { createTestDb } from '@lending/testing';

const SIMULATED = { mode: BusinessCalendarMode.SIMULATED, timeZone: 'Asia/Shanghai' } as const;

export interface CloseOfBusinessRun {
  readonly loans: number;
  readonly instalments: number;
  /** Seconds for each day closed, in order (day 1 first). */
  readonly daySeconds: readonly number[];
  /** WAL the server wrote during each day (the whole server's: the bench is its only client). */
  readonly dayWal: readonly WalWritten[];
  readonly updateSeconds: number;
  readonly updateWal: WalWritten;
  readonly journalRows: number;
}

export interface WalWritten {
  readonly bytes: number;
  /** Of them, full-page images: a page's first change after each checkpoint is logged whole. */
  readonly fullPageImages: number;
}

/** WAL written, for a bench's log line: the images are at most 8 kB each (a page less its free space). */
export function describeWal(wal: WalWritten): string {
  const gb = (bytes: number) => `${(bytes / 1e9).toFixed(2)} GB`;
  return `WAL ${gb(wal.bytes)}, ${wal.fullPageImages} full-page images (at most ${gb(wal.fullPageImages * 8192)})`;
}

/** Counts WAL from now on: call the answer to read what was written since. */
export async function walMeter(db: Db): Promise<() => Promise<WalWritten>> {
  const read = async () => {
    const [row] = await queryRows<{ lsn: string; fpi: string }>(
      db,
      sql`select pg_current_wal_lsn()::text as lsn, wal_fpi::text as fpi from pg_stat_wal`,
    );
    return row!;
  };
  const start = await read();
  return async () => {
    // pg_stat_wal reaches the shared counters when a backend goes idle, at most once a second.
    await new Promise((r) => setTimeout(r, 1100));
    await db.execute(sql`select 1`);
    const end = await read();
    const [diff] = await queryRows<{ bytes: string }>(
      db,
      sql`select pg_wal_lsn_diff(${end.lsn}::pg_lsn, ${start.lsn}::pg_lsn)::bigint::text as bytes`,
    );
    const images = Number(end.fpi) - Number(start.fpi);
    return { bytes: Number(diff!.bytes), fullPageImages: images };
  };
}

export async function measureCloseOfBusiness(options: {
  databaseUrl: string;
  loans: number;
  days: number;
  onDay?(day: number, seconds: number, wal: WalWritten): void;
}): Promise<CloseOfBusinessRun> {
  const handle = await createTestDb({
    databaseUrl: options.databaseUrl,
    businessDate: '2026-01-15',
  });
  const clock = new FixedClock('2026-01-15T09:00:00Z');
  try {
    await seedCloseOfBusinessBook(handle.db, options.loans);
    // The seed's (and an earlier phase's) dirty pages are written now, not during day 1.
    await handle.db.execute(sql`checkpoint`);
    const daySeconds: number[] = [];
    const dayWal: WalWritten[] = [];
    let day = BusinessDate.parseOrThrow(await getBusinessDate(handle.db));
    for (let i = 1; i <= options.days; i++) {
      day = day.addDays(1);
      const wal = await walMeter(handle.db);
      const t0 = performance.now();
      const result = await runCloseOfBusiness(handle.db, clock, day, { calendar: SIMULATED });
      const seconds = (performance.now() - t0) / 1000;
      dayWal.push(await wal());
      if (!result.ok || result.value.loansProcessed !== options.loans)
        throw new Error(`close of business of ${day.toString()} did not cover every loan`);
      daySeconds.push(seconds);
      options.onDay?.(i, seconds, dayWal[dayWal.length - 1]!);
    }
    const [counts] = await queryRows<{ instalments: number; journal: number }>(
      handle.db,
      sql`select (select count(*)::int from installments) as instalments,
                 (select count(*)::int from postings) as journal`,
    );
    await handle.db.execute(sql`checkpoint`);
    const wal = await walMeter(handle.db);
    const t1 = performance.now();
    await handle.db.execute(
      sql`update installments set interest_accrued_minor = interest_accrued_minor + 0`,
    );
    const updateSeconds = (performance.now() - t1) / 1000;
    const updateWal = await wal();
    return {
      loans: options.loans,
      instalments: counts!.instalments,
      daySeconds,
      dayWal,
      updateSeconds,
      updateWal,
      journalRows: counts!.journal,
    };
  } finally {
    await handle.close();
  }
}

/**
 * N live loans of 3,000.00 over 3 months on one borrower's line, with their
 * schedules, written set-based with time-ordered ids as drawdowns make them;
 * then vacuum analyze, so the planner knows the table's size.
 */
export async function seedCloseOfBusinessBook(db: Db, loans: number): Promise<void> {
  const borrowerId = (await borrowerFactory(db)).id;
  const line = await creditLineFactory(db, borrowerId, { limit: '100000000000000.00' });
  await insertLoansSetBased(db, line, loans);
  await db.execute(sql`
    insert into installments (loan_id, borrower_id, number, due_date, principal_due_minor, interest_due_minor, status)
    select l.id, l.borrower_id, n, ('2026-01-15'::date + (n || ' month')::interval)::date, 100000, 4500 - (n - 1) * 1500, 'PENDING'
    from loans l cross join generate_series(1, 3) as n`);
  await db.execute(sql`vacuum analyze`);
}
