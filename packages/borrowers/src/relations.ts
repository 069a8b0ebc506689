import { sql, type SQL } from 'drizzle-orm';

/**
 * Borrowers as other domains may read them inside set-based statements:
 * `borrower_id, display_name, time_zone, jurisdiction`.
 */
export function borrowerProfilesSql(): SQL {
  return sql`(select b.id as borrower_id, b.display_name, b.time_zone, b.jurisdiction from borrowers b)`;
}
