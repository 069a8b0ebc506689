import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import type { PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import type { Db, DbHandle } from './client.js';
import { queryRows } from './execute.js';
import { migrateJobEngine } from './job-engine.js';

export const migrationsFolder = fileURLToPath(new URL('../migrations', import.meta.url));

/**
 * Applies the committed SQL migrations that have not run yet, then the job
 * engine's own (pg-boss versions its schema itself). Safe to call on every start.
 */
export async function migrate(handle: DbHandle): Promise<void> {
  await withSchemaLock(handle, () => migrateUnlocked(handle));
}

/** An arbitrary constant: the advisory lock that serialises schema changes. */
const SCHEMA_LOCK_KEY = 7_316_001;

/**
 * Runs `work` while holding the database's schema lock: several gateways and
 * workers starting at once on a new database would otherwise each apply the
 * same migrations (or create the same job queues, which deadlocks). Held on
 * a connection of its own, since the handle's pool may be a single one.
 */
export async function withSchemaLock<T>(handle: DbHandle, work: () => Promise<T>): Promise<T> {
  if (handle.driver === 'pglite') return work(); // one process owns an embedded database
  if (!handle.databaseUrl) throw new Error('a server database handle without its URL');
  const lock = postgres(handle.databaseUrl, { max: 1, onnotice: () => {} });
  try {
    await lock`select pg_advisory_lock(${SCHEMA_LOCK_KEY})`;
    try {
      return await work();
    } finally {
      await lock`select pg_advisory_unlock(${SCHEMA_LOCK_KEY})`;
    }
  } finally {
    await lock.end({ timeout: 5 });
  }
}

async function migrateUnlocked(handle: DbHandle): Promise<void> {
  const config = { migrationsFolder, migrationsSchema: 'public' };
  if (handle.driver === 'pglite') {
    await migratePglite(handle.db as unknown as PgliteDatabase, config);
  } else {
    await migratePostgres(handle.db as unknown as PostgresJsDatabase, config);
  }
  await migrateJobEngine(handle);
}

/**
 * How many committed migrations the database has not applied (0 when
 * current), for readiness checks: a gateway on a schema behind its code
 * would fail in ways no error message explains.
 */
export async function pendingMigrations(db: Db): Promise<number> {
  const journal = JSON.parse(
    readFileSync(join(migrationsFolder, 'meta', '_journal.json'), 'utf8'),
  ) as { entries: { when: number }[] };
  let applied: number;
  try {
    const [row] = await queryRows<{ last: string | number | null }>(
      db,
      sql`select max(created_at) as last from public.__drizzle_migrations`,
    );
    applied = row?.last === null || row?.last === undefined ? 0 : Number(row.last);
  } catch {
    return journal.entries.length; // never migrated
  }
  return journal.entries.filter((entry) => entry.when > applied).length;
}
