import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '@lending/db';

/** Seconds since the most recent beat of any worker, or null when none has ever beaten. */
export async function latestHeartbeat(
  db: Db,
): Promise<{ workers: number; ageSeconds: number | null }> {
  const [row] = await queryRows<{ workers: number; age: number | null }>(
    db,
    sql`select count(*)::int as workers,
               extract(epoch from now() - max(seen_at))::float8 as age
        from worker_heartbeats where seen_at > now() - interval '1 minute'`,
  );
  return { workers: row?.workers ?? 0, ageSeconds: row?.age ?? null };
}
