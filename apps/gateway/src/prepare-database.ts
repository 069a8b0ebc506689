import { createDb, grantApplicationRole, migrate, type DbHandle } from '@lending/db';
import { ensureJobQueues, type AnyJobDefinition } from '@lending/jobs';
import type { GatewayConfig } from './env.js';

/**
 * Brings the database up to this code's schema before a gateway or a worker
 * serves from it; any instance may be the first to start (migrations take a
 * lock). With MIGRATION_DATABASE_URL the schema's owner migrates, creates the
 * job queues and grants the serving role what it needs; answers whether the
 * serving role must leave creating queues alone.
 */
export async function prepareDatabase(
  config: Pick<GatewayConfig, 'databaseUrl' | 'migrationDatabaseUrl'>,
  db: DbHandle,
  jobs: readonly AnyJobDefinition[],
): Promise<{ readonly createQueues: boolean }> {
  if (!config.migrationDatabaseUrl) {
    await migrate(db);
    return { createQueues: true };
  }
  // Migrate as the schema's owner; serve as a role that may not rewrite the records.
  const migrator = await createDb({ databaseUrl: config.migrationDatabaseUrl, maxConnections: 1 });
  try {
    await migrate(migrator);
    await ensureJobQueues(migrator, jobs);
    await grantApplicationRole(migrator.db, new URL(config.databaseUrl!).username);
  } finally {
    await migrator.close();
  }
  return { createQueues: false };
}
