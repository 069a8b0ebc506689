import { fileURLToPath } from 'node:url';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import type { PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import type { DbHandle } from './client.js';
import { migrateJobEngine } from './job-engine.js';

export const migrationsFolder = fileURLToPath(new URL('../migrations', import.meta.url));

/**
 * Applies the committed SQL migrations that have not run yet, then the job
 * engine's own (pg-boss versions its schema itself). Safe to call on every start.
 */
export async function migrate(handle: DbHandle): Promise<void> {
  const config = { migrationsFolder, migrationsSchema: 'public' };
  if (handle.driver === 'pglite') {
    await migratePglite(handle.db as unknown as PgliteDatabase, config);
  } else {
    await migratePostgres(handle.db as unknown as PostgresJsDatabase, config);
  }
  await migrateJobEngine(handle);
}
