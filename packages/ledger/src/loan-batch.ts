import { sql, type SQL } from 'drizzle-orm';

/** The given loans as the relation `batch(id)`, one parameter however many. */
export function loanBatchSql(ids: readonly string[]): SQL {
  return sql`(select unnest(${`{${ids.join(',')}}`}::uuid[]) as id) as batch`;
}
