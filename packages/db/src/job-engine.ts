import PgBoss from 'pg-boss';
import type { DbHandle } from './client.js';

/** The schema pg-boss keeps its queues, jobs and schedules in. */
export const JOB_ENGINE_SCHEMA = 'pgboss';

/**
 * How pg-boss reaches the database behind `handle`: its own small pool of
 * node-postgres connections on a server (its commands wrap BEGIN/COMMIT in
 * one text, which postgres-js refuses on a shared pool), and the embedded
 * PGlite directly, whose single connection serialises every query with the
 * application's transactions.
 */
export function jobEngineConnection(
  handle: DbHandle,
  maxConnections = 4,
): Pick<PgBoss.ConstructorOptions, 'db' | 'connectionString' | 'max' | 'schema'> {
  if (handle.driver === 'postgres') {
    if (!handle.databaseUrl) throw new Error('a server database handle without its URL');
    return {
      connectionString: handle.databaseUrl,
      max: maxConnections,
      schema: JOB_ENGINE_SCHEMA,
    };
  }
  const pglite = handle.pglite;
  if (!pglite) throw new Error('an embedded database handle without its PGlite');
  return {
    schema: JOB_ENGINE_SCHEMA,
    db: {
      async executeSql(text: string, values?: unknown[]) {
        if (values && values.length > 0) return pglite.query(text, values);
        // Without parameters pg-boss may send several statements in one text.
        const results = await pglite.exec(text);
        return results[results.length - 1] ?? { rows: [] };
      },
    },
  };
}

/**
 * Creates or upgrades the job engine's schema, as part of migrating: the
 * application role may not run DDL. Starts pg-boss without its timers and
 * stops it again.
 */
export async function migrateJobEngine(handle: DbHandle): Promise<void> {
  const boss = new PgBoss({
    ...jobEngineConnection(handle, 1),
    migrate: true,
    supervise: false,
    schedule: false,
  });
  boss.on('error', () => {});
  await boss.start();
  await boss.stop({ graceful: false, wait: true, close: true });
}

/** Identifies the job engine's schema version in cache keys (the PGlite test snapshot). */
export function jobEngineSchemaFingerprint(): string {
  return PgBoss.getConstructionPlans(JOB_ENGINE_SCHEMA);
}
