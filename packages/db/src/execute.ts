import type { SQL } from 'drizzle-orm';
import type { Db } from './client.js';

/**
 * Raw SQL returning rows on either driver: PGlite answers `{ rows }`,
 * postgres-js an array.
 */
export async function queryRows<Row extends Record<string, unknown>>(
  db: Db,
  query: SQL,
): Promise<Row[]> {
  const result: unknown = await db.execute(query);
  if (Array.isArray(result)) return result as Row[];
  return (result as { rows: Row[] }).rows;
}
