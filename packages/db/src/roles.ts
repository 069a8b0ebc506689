import { sql } from 'drizzle-orm';
import type { Db } from './client.js';
import { JOB_ENGINE_SCHEMA } from './job-engine.js';

/**
 * Tables that are records: rows are added, never changed or removed. The
 * application role may only insert into them (and read); their triggers
 * refuse changes too, but a trigger can be dropped by the owner, a grant
 * cannot be widened by the role it limits.
 */
export const APPEND_ONLY_TABLES = [
  'contact_access_log',
  'journal_entries',
  'postings',
  'contact_attempts',
  'collection_case_events',
  'token_issuance',
] as const;

const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Grants the application's database role what serving needs and no more:
 * reading and writing the tables, but only inserting into the records
 * (APPEND_ONLY_TABLES), and no DDL (it owns nothing). Run as the migrator,
 * which owns the schema, after migrating; idempotent.
 */
export async function grantApplicationRole(migrator: Db, role: string): Promise<void> {
  if (!ROLE_NAME.test(role))
    throw new Error('the application role must be a plain lower-case name');
  const r = sql.identifier(role);
  await migrator.execute(sql`grant usage on schema public to ${r}`);
  await migrator.execute(
    sql`grant select, insert, update, delete on all tables in schema public to ${r}`,
  );
  await migrator.execute(sql`grant usage, select on all sequences in schema public to ${r}`);
  // The job engine's tables: queues and their partitions are created by the
  // migrator (ensureJobQueues), jobs are written by the application.
  const engine = sql.identifier(JOB_ENGINE_SCHEMA);
  await migrator.execute(sql`grant usage on schema ${engine} to ${r}`);
  await migrator.execute(
    sql`grant select, insert, update, delete on all tables in schema ${engine} to ${r}`,
  );
  await migrator.execute(
    sql`alter default privileges in schema ${engine} grant select, insert, update, delete on tables to ${r}`,
  );
  for (const table of APPEND_ONLY_TABLES) {
    await migrator.execute(
      sql`revoke update, delete, truncate on ${sql.identifier(table)} from ${r}`,
    );
  }
}
