import { sql, type SQL } from 'drizzle-orm';

/**
 * A batch of loans as SQL, one parameter however many: `loans(alias)` is
 * the relation `batch(id)` joined to `loans <alias>`, `within(column)` a
 * condition on a loan id column. Both carry the batch's id range as well,
 * so the planner reads the loans by index in that range rather than
 * scanning the whole table to join it.
 */
export interface LoanBatch {
  loans(alias: string): SQL;
  within(column: SQL): SQL;
  /** The batch's id range only: for a join whose other side is the batch already. */
  inRange(column: SQL): SQL;
}

export function loanBatch(ids: readonly string[]): LoanBatch {
  let first = ids[0] ?? '00000000-0000-0000-0000-000000000000';
  let last = first;
  for (const id of ids) {
    if (id < first) first = id;
    if (id > last) last = id;
  }
  const range = (column: SQL) => sql`${column} between ${first}::uuid and ${last}::uuid`;
  const array = sql`${`{${ids.join(',')}}`}::uuid[]`;
  const list = sql`(select unnest(${array}) as id) as batch`;
  return {
    loans: (alias) => {
      const a = sql.raw(alias);
      return sql`${list} join loans ${a} on ${a}.id = batch.id and ${range(sql`${a}.id`)}`;
    },
    within: (column) => sql`${range(column)} and ${column} = any(${array})`,
    inRange: range,
  };
}
