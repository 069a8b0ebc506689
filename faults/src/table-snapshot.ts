import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '@lending/db';

/** Bookkeeping of the machinery rather than of the business: not compared. */
const NOT_COMPARED = new Set([
  '__drizzle_migrations',
  'job_progress',
  'worker_heartbeats',
  'idempotency_keys',
  'bench_loan_book',
]);

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** Every uuid in the database's public tables: what existed before a run. */
export async function existingIds(db: Db): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const { table, column } of await columns(db, `data_type = 'uuid'`)) {
    const rows = await queryRows<{ v: string }>(
      db,
      sql`select distinct ${sql.identifier(column)}::text as v from ${sql.identifier(table)} where ${sql.identifier(column)} is not null`,
    );
    for (const r of rows) ids.add(r.v);
  }
  return ids;
}

/**
 * The business content of every public table, row for row, as sorted JSON
 * lines per table: instants (when it ran) left out, and any uuid the run
 * generated (a new journal entry's id, say) replaced by `*`, since two runs
 * name their new rows differently; ids that existed before are kept.
 */
export async function tableContents(db: Db, before: Set<string>): Promise<Map<string, string[]>> {
  const contents = new Map<string, string[]>();
  const cols = await columns(
    db,
    `data_type not in ('timestamp with time zone', 'timestamp without time zone')`,
  );
  const byTable = new Map<string, string[]>();
  for (const { table, column } of cols) byTable.set(table, [...(byTable.get(table) ?? []), column]);
  for (const [table, names] of byTable) {
    if (NOT_COMPARED.has(table)) continue;
    const rows = await queryRows<{ row: string }>(
      db,
      sql`select json_build_array(${sql.join(
        names.map((n) => sql`${sql.identifier(n)}`),
        sql`, `,
      )})::text as row from ${sql.identifier(table)}`,
    );
    contents.set(
      table,
      rows.map((r) => r.row.replace(UUID, (id) => (before.has(id) ? id : '*'))).sort(),
    );
  }
  return contents;
}

async function columns(db: Db, filter: string) {
  return queryRows<{ table: string; column: string }>(
    db,
    sql`select table_name as "table", column_name as "column" from information_schema.columns
        where table_schema = 'public' and ${sql.raw(filter)}
        order by table_name, ordinal_position`,
  );
}
