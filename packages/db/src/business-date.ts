import { eq } from 'drizzle-orm';
import type { Db } from './client.js';
import { businessDateTable } from './schema.js';

/**
 * The current business date as `YYYY-MM-DD`; throws if the platform was never
 * initialised. With `forShare`, the date cannot move until the transaction
 * ends: what the caller writes on this date is in before close of business
 * finishes the day (it moves the date under an exclusive lock).
 */
export async function getBusinessDate(
  db: Db,
  options: { forShare?: boolean } = {},
): Promise<string> {
  const query = db
    .select({ current: businessDateTable.current })
    .from(businessDateTable)
    .where(eq(businessDateTable.id, 1));
  const [row] = options.forShare ? await query.for('share') : await query;
  if (!row) throw new Error('business date is not initialised: call initBusinessDate at start');
  return row.current;
}

/** Sets the first business date once; later calls leave the existing date alone. */
export async function initBusinessDate(db: Db, date: string, now: Date): Promise<string> {
  await db
    .insert(businessDateTable)
    .values({ id: 1, current: date, updatedAt: now })
    .onConflictDoNothing();
  return getBusinessDate(db);
}

/** Moves the business date; only close of business calls this. */
export async function setBusinessDate(db: Db, date: string, now: Date): Promise<void> {
  await db
    .update(businessDateTable)
    .set({ current: date, updatedAt: now })
    .where(eq(businessDateTable.id, 1));
}
