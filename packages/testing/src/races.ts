import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '@lending/db';

/**
 * Waits until `count` sessions of this database are waiting for a lock, so a
 * test that holds a row lock knows the racing calls have reached it rather
 * than guessing with a sleep: on a loaded machine a sleep either fails the
 * test or lets it pass before the race has happened. Polls from a connection
 * of its own (PostgreSQL only: embedded PGlite has one connection).
 */
export async function waitUntilWaitingForLocks(
  db: Db,
  count: number,
  options: { readonly timeoutMs?: number } = {},
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  let waiting = 0;
  for (;;) {
    const [row] = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from pg_stat_activity
          where datname = current_database() and wait_event_type = 'Lock'`,
    );
    waiting = row?.n ?? 0;
    if (waiting >= count) return;
    if (Date.now() > deadline)
      throw new Error(`${waiting} of ${count} sessions reached the lock in time`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
